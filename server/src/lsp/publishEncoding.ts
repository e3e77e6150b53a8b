/**
 * Publishing an open document's diagnostics re-encodes only the diagnostics that changed. Typing one
 * character changes a few diagnostics of a long article, yet the protocol sends them all on every
 * keystroke; serializing them whole (JSON.stringify, then UTF-8: a two-byte string as soon as one
 * message quotes a typographic character) took 3 of a keystroke's ~10 ms at 10,000 articles. So the
 * JSON of each diagnostic sent is kept, as UTF-8 bytes, with the list it belongs to; the next list of
 * the same document takes the bytes of its unchanged diagnostics, and the message writer of a stream
 * transport (stdio) splices them into the notification. Byte for byte what JSON.stringify would write.
 */
import { Message, type ContentTypeEncoder, type ContentTypeEncoderOptions, type Diagnostic, type NotificationMessage } from 'vscode-languageserver/node';

type SameDiagnostic = (a: Diagnostic, b: Diagnostic) => boolean;

/** A published list: the UTF-8 JSON of each diagnostic once encoded, and until then the list it follows. */
interface PublishedList {
  encoded?: readonly Buffer[];
  follows?: { readonly list: readonly Diagnostic[]; readonly same: SameDiagnostic };
}

const publishedLists = new WeakMap<readonly Diagnostic[], PublishedList>();

/**
 * Notes that `next` is published after `previous` for the same document; `same` tells an unchanged
 * diagnostic. Nothing is encoded until the writer asks (over node-ipc it never does), and a list
 * forgets what it followed once it is followed itself, so at most two lists a document are held.
 */
export function publishedAfter(next: readonly Diagnostic[], previous: readonly Diagnostic[] | undefined, same: SameDiagnostic): void {
  const before = previous && publishedLists.get(previous);
  if (before) before.follows = undefined;
  publishedLists.set(next, { follows: previous && { list: previous, same } });
}

/**
 * The UTF-8 JSON of each diagnostic of a list `publishedAfter` noted, taking the bytes of the list it
 * follows where a diagnostic did not change: the unchanged start and end of the list (an edit shifts
 * only what follows it on its line or, when it adds or removes lines, what follows it). Undefined for
 * other lists. `fresh` hears how many were encoded anew.
 */
export function encodedDiagnostics(list: readonly Diagnostic[], fresh?: (count: number) => void): readonly Buffer[] | undefined {
  const entry = publishedLists.get(list);
  if (!entry) return undefined;
  if (entry.encoded) return entry.encoded;
  const reusable = entry.follows && publishedLists.get(entry.follows.list)?.encoded;
  const encoded: Buffer[] = new Array(list.length);
  let head = 0;
  let tail = 0;
  if (entry.follows && reusable) {
    const { list: previous, same } = entry.follows;
    const shorter = Math.min(list.length, previous.length);
    while (head < shorter && same(list[head], previous[head])) encoded[head] = reusable[head++];
    while (tail < shorter - head && same(list[list.length - 1 - tail], previous[previous.length - 1 - tail])) {
      encoded[list.length - 1 - tail] = reusable[previous.length - 1 - tail];
      tail++;
    }
  }
  for (let i = head; i < list.length - tail; i++) encoded[i] = Buffer.from(JSON.stringify(list[i]));
  fresh?.(list.length - head - tail);
  entry.encoded = encoded;
  entry.follows = undefined;
  return encoded;
}

const PUBLISH_DIAGNOSTICS = 'textDocument/publishDiagnostics';
/** Stands for the diagnostics in the JSON of the rest of the message (a string no URI or version can hold). */
const PLACEHOLDER = '\u0000factmark-diagnostics\u0000';
const QUOTED_PLACEHOLDER = JSON.stringify(PLACEHOLDER);
const OPEN_BRACKET = 0x5b;
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;

/** `before[item,item,…]after` in one buffer (copied item by item: Buffer.concat of the parts took 6 times as long). */
function spliced(before: Buffer, items: readonly Buffer[], after: Buffer): Buffer {
  let length = before.length + 2 + Math.max(0, items.length - 1) + after.length;
  for (const item of items) length += item.length;
  const out = Buffer.allocUnsafe(length);
  out.set(before);
  let offset = before.length;
  out[offset++] = OPEN_BRACKET;
  items.forEach((item, i) => {
    if (i > 0) out[offset++] = COMMA;
    out.set(item, offset);
    offset += item.length;
  });
  out[offset++] = CLOSE_BRACKET;
  out.set(after, offset);
  return out;
}

/** A publish of a list `publishedAfter` noted: the message and its encoded diagnostics. */
function encodedPublish(msg: Message): { readonly notification: NotificationMessage & { params: object }; readonly encoded: readonly Buffer[] } | undefined {
  if (!Message.isNotification(msg) || msg.method !== PUBLISH_DIAGNOSTICS || typeof msg.params !== 'object' || msg.params === null) return undefined;
  const diagnostics = (msg.params as { diagnostics?: unknown }).diagnostics;
  const encoded = Array.isArray(diagnostics) ? encodedDiagnostics(diagnostics) : undefined;
  return encoded && { notification: msg as NotificationMessage & { params: object }, encoded };
}

/** vscode-jsonrpc's `application/json` encoder, but for publishes of lists `publishedAfter` noted. */
export const publishDiagnosticsEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(msg: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    try {
      const publish = options.charset === 'utf-8' ? encodedPublish(msg) : undefined;
      if (!publish) return Promise.resolve(Buffer.from(JSON.stringify(msg), options.charset));
      const { notification, encoded } = publish;
      const frame = JSON.stringify({ ...notification, params: { ...notification.params, diagnostics: PLACEHOLDER } });
      const at = frame.lastIndexOf(QUOTED_PLACEHOLDER);
      return Promise.resolve(spliced(Buffer.from(frame.slice(0, at)), encoded, Buffer.from(frame.slice(at + QUOTED_PLACEHOLDER.length))));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};

/**
 * Factmark's own messages between the extension and the language server
 * (server/src/lsp/server.ts defines and answers them); everything else is
 * plain LSP. Types only come from the server, so no server code is bundled
 * into the client.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageclient/node';
import type { ClaimReport } from '../../server/src/core/reports';
import type { ClaimsParams } from '../../server/src/lsp/features/claims';
import type { ServerStatus } from '../../server/src/lsp/server';

export type { ServerStatus };

/** `factmark/claims`: every claim defined or mentioned in the workspace, reconciled. */
export const ClaimsRequest = new RequestType<ClaimsParams, ClaimReport[], void>('factmark/claims');

/** `factmark/status`: the workspace's problem counts and whether the server is indexing. */
export const StatusRequest = new RequestType0<ServerStatus, void>('factmark/status');

/** `factmark/statusChanged`: the same, sent by the server whenever it changes. */
export const StatusNotification = new NotificationType<ServerStatus>('factmark/statusChanged');

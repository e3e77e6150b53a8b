;;; eglot.el --- the Emacs setup of docs/editors.md, in batch: visit an article, print its diagnostics.
;; Usage: emacs --batch -l eglot.el INIT.el ARTICLE.fmk  (`factmark' on PATH; the working folder is the workspace)
;; Prints "LINE TYPE TEXT" per Flymake diagnostic, in order, once they have stayed the same for 1.5 s
;; (the server publishes again when indexing ends).
(require 'eglot)
(require 'flymake)
(load (pop command-line-args-left))
(let ((buffer (find-file-noselect (pop command-line-args-left))))
  (with-current-buffer buffer
    (unless (eq major-mode 'factmark-mode) (error "The article is in %s, not factmark-mode" major-mode))
    ;; eglot-ensure starts the server after the command that visited the file: there is none in batch.
    (run-hooks 'post-command-hook)
    (let ((deadline (+ (float-time) 60)) (last nil) (stable-since nil))
      (while (and (< (float-time) deadline) (not (and stable-since (> (- (float-time) stable-since) 1.5))))
        (accept-process-output nil 0.1)
        ;; Flymake reports on an idle timer, and batch Emacs is never idle.
        (when (bound-and-true-p flymake-mode) (flymake-start))
        (let ((now (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
          (if (and now (equal now last)) (setq stable-since (or stable-since (float-time))) (setq stable-since nil))
          (setq last now))))
    (dolist (d (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
      (princ (format "%d %s %s\n" (line-number-at-pos (flymake-diagnostic-beg d)) (flymake-diagnostic-type d) (flymake-diagnostic-text d))))))
(kill-emacs 0)

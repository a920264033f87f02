// The editor script (SPEC §12), loaded on editing screens only: CodeMirror 6 takes the place of the
// form's textarea and keeps it in step, so the form still saves as it does without JavaScript.
// Around it: the toolbar, the keys, the live preview, uploads by paste and drop, the media dialog,
// `[[` completion, and the autosave of drafts with the lock refresh.
import { closeBrackets, closeBracketsKeymap, completionKeymap, startCompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { drawSelection, dropCursor, EditorView, highlightActiveLine, keymap } from '@codemirror/view';
import type { ToolbarAction } from '../../src/editor/toolbar.js';
import { startAutosave } from './autosave.js';
import { pageCompletion } from './completion.js';
import { actionChange } from './markup.js';
import { mediaDialog, type MediaDialog } from './media-dialog.js';
import { messagesOf } from './messages.js';
import { livePreview } from './preview.js';
import { adoptEditorStyles } from './styles.js';
import { wikiMarkdown } from './syntax.js';
import { rovingFocus, toolbarButtons, toolbarKeys } from './toolbar.js';
import { uploads } from './uploads.js';

/** CodeMirror's own words (search panel, completion list) in the page's language, from `data-phrases`. */
function phrases(form: HTMLFormElement): Extension {
  try {
    return EditorState.phrases.of(JSON.parse(form.dataset.phrases ?? '{}') as Record<string, string>);
  } catch {
    return [];
  }
}

/** Whether a key event is Ctrl (Cmd on a Mac) with `key`, and Shift exactly when asked. */
function isShortcut(event: KeyboardEvent, key: string, shift: boolean): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.shiftKey === shift && event.key.toLowerCase() === key;
}

function start(form: HTMLFormElement): void {
  const original = form.querySelector<HTMLTextAreaElement>('textarea[name="text"]');
  if (!original) return;
  // The form keeps a textarea of the same name, hidden, that the editor keeps in step. It is a
  // new element: whatever held on to the visible one (a script, an automated test) finds it gone
  // and looks again, finding the editor.
  const textarea = original.cloneNode(false) as HTMLTextAreaElement;
  textarea.value = original.value;
  textarea.hidden = true;
  textarea.tabIndex = -1;
  const say = messagesOf(form);
  const statusLine = form.querySelector<HTMLElement>('[data-editor-status]');
  const show = (message: string) => {
    if (statusLine) statusLine.textContent = message;
  };
  const saveButton = form.querySelector<HTMLButtonElement>('button[data-save]');
  const save = () => form.requestSubmit(saveButton);

  const toolbar = form.querySelector<HTMLElement>('[role="toolbar"]');
  const buttons = toolbar ? toolbarButtons(toolbar) : [];
  const uploadLog = form.querySelector<HTMLElement>('[data-upload-log]') ?? document.createElement('ul');
  const files = uploads({ form, log: uploadLog, say });

  const panel = form.querySelector<HTMLElement>('[data-live-preview]');
  const previewBody = panel?.querySelector<HTMLElement>('[data-preview-body]');
  const preview =
    panel && previewBody
      ? livePreview({
          form,
          panel,
          body: previewBody,
          toggle: form.querySelector<HTMLButtonElement>('[data-preview-toggle]'),
          fields: () => new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
          say,
        })
      : null;

  // Assigned just below: the actions and the dialog act on the view once it exists.
  let view: EditorView;
  let dialog: MediaDialog | null = null;

  function run(action: ToolbarAction): void {
    if (action.kind === 'media') {
      dialog?.open();
      return;
    }
    const change = actionChange(view.state, action);
    if (change) view.dispatch(view.state.update(change, { userEvent: 'input', scrollIntoView: true }));
    view.focus();
    if (action.kind === 'link') startCompletion(view);
  }

  const label = form.querySelector<HTMLLabelElement>(`label[for="${textarea.id}"]`);
  if (label && !label.id) label.id = `${textarea.id}-label`;

  // Someone who was already in the textarea (the page was quicker than its script) keeps the
  // cursor or the selection they had: what they type next goes where they meant it.
  const typing = document.activeElement === original;
  const backward = original.selectionDirection === 'backward';
  const [start, end] = [original.selectionStart, original.selectionEnd];
  const selection = typing ? { anchor: backward ? end : start, head: backward ? start : end } : undefined;

  view = new EditorView({
    doc: textarea.value,
    selection,
    extensions: [
      toolbarKeys(buttons, run),
      Prec.high(
        keymap.of([
          { key: 'Mod-s', preventDefault: true, run: () => (save(), true) },
          { key: 'Mod-Shift-p', preventDefault: true, run: () => (preview?.toggle(), true) },
        ]),
      ),
      history(),
      drawSelection(),
      dropCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      bracketMatching(),
      closeBrackets(),
      EditorView.lineWrapping,
      // The cursor is kept clear of the sticky bar of Save, Preview and Cancel when the window scrolls to it.
      EditorView.scrollMargins.of(() => ({ bottom: (form.querySelector<HTMLElement>('.editor-buttons')?.offsetHeight ?? 0) + 8 })),
      wikiMarkdown(),
      search({ top: true }),
      pageCompletion(form.dataset.suggestUrl ?? '/_/suggest', form.dataset.ns ?? ''),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap]),
      phrases(form),
      // tabindex: the text is its scroller's keyboard-focusable content (axe-core does not count contenteditable).
      EditorView.contentAttributes.of({ tabindex: '0', ...(label ? { 'aria-labelledby': label.id } : { 'aria-label': textarea.name }) }),
      // The form sends the textarea: it follows every change.
      EditorView.updateListener.of((update) => {
        if (update.docChanged) textarea.value = update.state.doc.toString();
      }),
      preview?.extension ?? [],
      files.extension,
    ],
  });
  original.replaceWith(view.dom, textarea);
  // A script that sets the textarea (and says so) is followed too.
  textarea.addEventListener('input', () => {
    if (textarea.value !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: textarea.value } });
  });
  if (original.autofocus || typing) view.focus();

  if (toolbar) {
    for (const button of buttons) {
      // The editor keeps its selection: a click on a button does not take the focus from it first.
      button.element.addEventListener('mousedown', (event) => event.preventDefault());
      button.element.addEventListener('click', () => run(button.action));
    }
    toolbar.hidden = false;
    rovingFocus(toolbar);
  }

  const dialogElement = document.querySelector<HTMLDialogElement>('dialog[data-media-dialog]');
  if (dialogElement) {
    dialog = mediaDialog({
      dialog: dialogElement,
      form,
      say,
      uploads: files,
      insert(markup) {
        view.dispatch({ ...view.state.replaceSelection(markup), scrollIntoView: true, userEvent: 'input' });
        view.focus();
      },
      closed: () => view.focus(),
    });
  }

  preview?.setView(view);
  startAutosave({ form, text: () => textarea.value, initial: original.defaultValue, show, say });

  // The same keys with the focus elsewhere in the form (the summary field, a button).
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || dialogElement?.open) return;
    if (isShortcut(event, 's', false)) {
      event.preventDefault();
      save();
    } else if (isShortcut(event, 'p', true)) {
      event.preventDefault();
      preview?.toggle();
    }
  });
  form.classList.add('editor--enhanced');
}

const form = document.querySelector<HTMLFormElement>('form.editor');
if (form) {
  adoptEditorStyles();
  start(form);
}

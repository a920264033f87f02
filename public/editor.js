// The editor's autosave: the draft goes to the server every 30 s when the text changed and when the
// tab is hidden; while nothing changes, the edit lock is refreshed every minute so it does not
// expire under an open editor. Plain script, no build step; the page works without it.
(function () {
  'use strict';
  var form = document.querySelector('form.editor[data-draft-url]');
  if (!form) return;
  var text = form.elements.namedItem('text');
  var status = form.querySelector('[data-editor-status]');
  var DRAFT_EVERY = 30 * 1000;
  var LOCK_EVERY = 60 * 1000;
  // Browsers refuse keepalive bodies above 64 KiB; larger drafts go with a normal request.
  var KEEPALIVE_MAX = 60000;
  var sent = text.value;
  var lastContact = Date.now();
  var leaving = false;

  function say(message) {
    if (status) status.textContent = message;
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString(document.documentElement.lang || undefined, { hour: '2-digit', minute: '2-digit' });
  }

  function post(url, body, keepalive) {
    lastContact = Date.now();
    return fetch(url, {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      keepalive: keepalive && body.toString().length < KEEPALIVE_MAX,
      headers: { accept: 'application/json' },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (reply) {
        reply.ok = response.ok;
        return reply;
      });
    });
  }

  function warnIfTaken(reply) {
    if (reply.lockedBy || reply.holder) {
      say(form.dataset.msgLost.replace('{holder}', reply.lockedBy || reply.holder));
      return true;
    }
    return false;
  }

  // The form's own fields, _csrf included, urlencoded like a normal submit.
  function saveDraft(keepalive) {
    if (leaving || text.value === sent) return false;
    var value = text.value;
    post(form.dataset.draftUrl, new URLSearchParams(new FormData(form)), keepalive)
      .then(function (reply) {
        if (!reply.ok || !reply.saved) return say(form.dataset.msgFailed);
        sent = value;
        if (!warnIfTaken(reply)) say(form.dataset.msgSaved.replace('{time}', clock(reply.at)));
      })
      .catch(function () { say(form.dataset.msgFailed); });
    return true;
  }

  function refreshLock() {
    var body = new URLSearchParams();
    body.set('_csrf', form.elements.namedItem('_csrf').value);
    post(form.dataset.lockUrl, body, false).then(warnIfTaken).catch(function () {});
  }

  // Save, preview and cancel leave the editor: no draft may race the request they send.
  form.addEventListener('submit', function () { leaving = true; });
  window.addEventListener('pageshow', function () { leaving = false; });

  setInterval(function () {
    if (!saveDraft(false) && Date.now() - lastContact >= LOCK_EVERY - 1000) refreshLock();
  }, DRAFT_EVERY);

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') saveDraft(true);
  });
})();

/* Autosave of the application editor and the progress report (no build step, no dependencies; the server's
 * side is service/autosave.py).
 *
 * The form is #text-form; each field's wrapper has data-field (the name sent) and, where the element's id is not
 * that name, data-field-id (the id of the element; its message is <id>-error, its conflict box <id>-conflict).
 *
 * Every change is kept in localStorage (per tenant, application and field) until the server has it,
 * and sent to the page's JSON endpoint shortly after typing stops and when a field is left. Offline,
 * timed out or failing, it keeps trying (the `online` event, window focus, and a growing pause); a
 * field someone else changed in the meantime is shown beside yours to choose from. Every text shown
 * comes from the page, translated on the server.
 */
(function () {
  "use strict";
  var form = document.getElementById("text-form");
  if (!form || !window.fetch || !window.Promise) return;
  var status = document.getElementById("autosave-status");
  var signIn = document.getElementById("autosave-sign-in");
  var template = document.getElementById("conflict-template");
  var url = form.getAttribute("data-autosave-url");
  var csrf = form.getAttribute("data-csrf-token");
  var prefix = form.getAttribute("data-storage-key") + ":";
  var pageVersion = parseInt(form.getAttribute("data-version"), 10);
  var DEBOUNCE = 800, RETRY_FIRST = 2000, RETRY_MOST = 30000;
  var fields = {};
  var inFlight = false, again = false, retryTimer = null, retryDelay = RETRY_FIRST, tokenRenewed = false;
  var lastSaved = null;

  var store = (function () {
    try { var s = window.localStorage; s.setItem(prefix + "probe", "1"); s.removeItem(prefix + "probe"); return s; }
    catch (e) { return null; }
  })();

  function keep(name) {
    if (store) store.setItem(prefix + name, JSON.stringify({ value: fields[name].el.value, version: fields[name].read }));
  }
  function forget(name) { if (store) store.removeItem(prefix + name); }
  function kept(name) {
    try { return store ? JSON.parse(store.getItem(prefix + name)) : null; } catch (e) { return null; }
  }

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }
  function say(state, values) {
    var key = state.replace(/-(\w)/g, function (all, letter) { return letter.toUpperCase(); });
    var text = fill(status.dataset[key], values || {});
    if (status.textContent !== text) status.textContent = text;  // the same words are not announced again
    status.setAttribute("data-state", state);
    if (state === "signed-out") signIn.hidden = false;
    else if (state === "saved") signIn.hidden = true;
  }
  function troubled() {  // while retrying, the problem stays on screen (and is not announced again and again)
    return ["offline", "failed", "signed-out"].indexOf(status.getAttribute("data-state")) >= 0;
  }

  function waiting() {
    return Object.keys(fields).filter(function (name) {
      var f = fields[name];
      return f.dirty && !f.conflict && !f.invalid;
    });
  }

  function retryLater() {
    tokenRenewed = false;  // one new CSRF token per attempt at most
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MOST);
  }

  function flush() {
    clearTimeout(retryTimer);
    if (inFlight) { again = true; return; }
    var names = waiting();
    if (!names.length) return;
    var batch = {}, version = null;
    names.forEach(function (name) {
      clearTimeout(fields[name].timer);
      batch[name] = fields[name].el.value;
      version = version === null ? fields[name].read : Math.min(version, fields[name].read);
    });
    inFlight = true;
    if (!troubled()) say("saving");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ version: version, fields: batch })
    }).then(function (response) {
      return answered(response, batch);
    }, function () {
      again = false;
      say(navigator.onLine === false ? "offline" : "failed");
      retryLater();
    }).then(function () {
      inFlight = false;
      if (again) { again = false; flush(); }
    });
  }

  function json(response) {
    return response.json().catch(function () { return null; });
  }

  function answered(response, batch) {
    if (response.type === "opaqueredirect" || response.status === 401) {
      again = false;
      say("signed-out");
      retryLater();
      return null;
    }
    if (response.status === 400 && !tokenRenewed) {
      // The session changed (signed in again in another tab): its CSRF token replaces the page's.
      tokenRenewed = true;
      return freshToken().then(function (ok) { if (ok) again = true; });
    }
    if (response.ok) tokenRenewed = false;
    return json(response).then(function (body) {
      if (response.ok && body) return saved(body, batch);
      var error = (body && body.error) || {};
      var details = error.details || {};
      if (response.status === 409 && details.conflicts) return disagreed(details);
      if (response.status === 422) return refused((body && body.errors) || whole(batch), batch);
      if (response.status === 409 && body && !details.retry) {
        again = false;
        say("stopped", { reason: error.message });
        return null;
      }
      again = false;
      say("failed");
      retryLater();
      return null;
    });
  }

  function saved(body, batch) {
    retryDelay = RETRY_FIRST;
    Object.keys(batch).forEach(function (name) {
      var f = fields[name];
      f.read = body.version;
      if (f.el.value === batch[name]) { f.dirty = false; forget(name); } else { keep(name); again = true; }
    });
    document.querySelectorAll("[data-autosave-version]").forEach(function (input) { input.value = body.version; });
    lastSaved = body.saved_at;
    say(inConflict() ? "conflict" : "saved", { time: lastSaved });
  }

  function inConflict() {
    return Object.keys(fields).some(function (name) { return fields[name].conflict; });
  }

  function settle() {  // after a choice: say so when nothing is in question any more
    if (inConflict() || waiting().length || inFlight) return;
    if (lastSaved) say("saved", { time: lastSaved });
    else { status.textContent = ""; status.setAttribute("data-state", "idle"); }
  }

  function disagreed(details) {
    details.conflicts.forEach(function (conflict) { showConflict(conflict, details.version); });
    say("conflict");
    if (waiting().length) again = true;
  }

  function whole(batch) {  // refused without saying which field: every field sent waits for a change
    var errors = {};
    Object.keys(batch).forEach(function (name) { errors[name] = []; });
    return errors;
  }

  function refused(errors, batch) {
    var messages = errors.fields || errors;
    var sent = Object.keys(batch);
    if (!sent.some(function (name) { return name in messages; })) {
      // Refused for a reason named elsewhere: the fields sent wait for a change (else they would be sent again
      // and again), with every message given.
      var all = [].concat.apply([], Object.keys(messages).map(function (name) { return [].concat(messages[name]); }));
      messages = {};
      sent.forEach(function (name) { messages[name] = all; });
    }
    Object.keys(messages).forEach(function (name) {
      var f = fields[name];
      if (!f) return;
      f.invalid = true;
      var text = [].concat(messages[name]).join(" ");
      var box = document.getElementById(f.id + "-error");
      box.textContent = text;
      box.hidden = !text;
      f.el.setAttribute("aria-invalid", "true");
    });
    say("invalid");
    if (waiting().length) again = true;
  }

  function freshToken() {
    return fetch(url, { credentials: "same-origin", redirect: "manual", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { say("signed-out"); retryLater(); return false; }
        return response.json().then(function (body) {
          csrf = body.csrf_token;
          document.querySelectorAll("input[name$='csrf_token']").forEach(function (input) { input.value = csrf; });
          return true;
        });
      }, function () { say("offline"); retryLater(); return false; });
  }

  function showConflict(conflict, version) {
    var name = conflict.field, f = fields[name];
    if (!f) return;
    f.conflict = { current: conflict.current == null ? "" : String(conflict.current), version: version };
    var box = document.getElementById(f.id + "-conflict");
    box.textContent = "";
    box.appendChild(template.content.cloneNode(true));
    var heading = box.querySelector(".conflict-heading");
    heading.id = f.id + "-conflict-heading";
    var strong = heading.querySelector("strong");
    strong.textContent = fill(strong.getAttribute("data-text"), { person: conflict.by || "", time: conflict.when || "" });
    box.querySelector(".their-text").textContent = f.conflict.current;
    box.querySelector("[data-choice=mine]").addEventListener("click", function () { choose(name, true); });
    box.querySelector("[data-choice=theirs]").addEventListener("click", function () { choose(name, false); });
    box.hidden = false;
  }

  function choose(name, mine) {
    var f = fields[name], choice = f.conflict;
    f.conflict = null;
    f.read = choice.version;  // what you have now seen of theirs: saving yours again overwrites it
    document.getElementById(f.id + "-conflict").hidden = true;
    if (mine) {
      f.dirty = true;
      keep(name);
    } else {
      f.el.value = choice.current;
      f.dirty = false;
      forget(name);
    }
    f.el.focus();
    flush();
    settle();
  }

  function changed(name) {
    var f = fields[name];
    f.dirty = true;
    if (f.invalid) {
      f.invalid = false;
      document.getElementById(f.id + "-error").hidden = true;
      f.el.removeAttribute("aria-invalid");
    }
    keep(name);
    clearTimeout(f.timer);
    f.timer = setTimeout(flush, DEBOUNCE);
  }

  form.querySelectorAll("[data-field]").forEach(function (wrapper) {
    var name = wrapper.getAttribute("data-field");
    var id = wrapper.getAttribute("data-field-id") || name;
    var el = document.getElementById(id);
    fields[name] = { el: el, id: id, read: pageVersion, dirty: false, conflict: null, invalid: false, timer: null };
    el.addEventListener("input", function () { changed(name); });
    el.addEventListener("change", function () { changed(name); flush(); });
    el.addEventListener("blur", function () { if (fields[name].dirty) flush(); });
  });

  // What was typed here before and never reached the server comes back, and is sent now.
  var restored = false;
  Object.keys(fields).forEach(function (name) {
    var entry = kept(name), f = fields[name];
    if (!entry || typeof entry.value !== "string") return;
    if (entry.value === f.el.value) { forget(name); return; }
    f.el.value = entry.value;
    f.read = typeof entry.version === "number" ? entry.version : pageVersion;
    f.dirty = true;
    restored = true;
  });
  if (restored) { say("restored"); flush(); }

  form.addEventListener("submit", function (event) { event.preventDefault(); flush(); });
  window.addEventListener("online", function () { retryDelay = RETRY_FIRST; flush(); });
  window.addEventListener("offline", function () { if (waiting().length) say("offline"); });
  window.addEventListener("focus", function () { if (waiting().length) flush(); });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });

  // Submitting waits until every change is saved, so what is submitted is what was typed.
  document.querySelectorAll("form[data-after-autosave]").forEach(function (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      if (!inFlight && !waiting().length) return;
      event.preventDefault();
      flush();
      var tries = 0;
      var timer = setInterval(function () {
        tries += 1;
        if (!inFlight && !waiting().length) { clearInterval(timer); submitForm.submit(); }
        else if (tries > 100) clearInterval(timer);
      }, 100);
    });
  });

  // A link of the submission check moves the keyboard focus to the field it names.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".problems a");
    var target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target) setTimeout(function () { target.focus(); }, 0);
  });
})();

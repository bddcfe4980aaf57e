// Keyboard for reviewers: j/k move through the rows of a list (or to the next/previous item on an item page),
// Enter opens the selected row, 1-4 choose a verdict on an item page, ? shows the help.
(function () {
  'use strict';
  function typing(e) {
    var t = e.target.tagName;
    return t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT';
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll('tr[data-href]')); }
  function select(index) {
    var all = rows();
    if (all.length === 0) { return; }
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (r) { r.classList.remove('selected'); });
    all[index].classList.add('selected');
    all[index].scrollIntoView({ block: 'nearest' });
  }
  function selectedIndex() { return rows().findIndex(function (r) { return r.classList.contains('selected'); }); }
  var verdicts = ['CONFIRMED', 'OVERTURNED', 'MISSED_OPPORTUNITY', 'WRONG_TEAM'];

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var help = document.getElementById('help');
    if (e.key === 'Escape') { help.hidden = true; return; }
    if (typing(e)) { return; }
    if (e.key === '?') { help.hidden = !help.hidden; return; }
    var item = document.getElementById('item');
    if (item && (e.key === 'j' || e.key === 'k')) {
      var target = item.getAttribute(e.key === 'j' ? 'data-next' : 'data-previous');
      if (target) { window.location = target; }
      return;
    }
    if (e.key === 'j') { select(selectedIndex() + 1); return; }
    if (e.key === 'k') { select(selectedIndex() - 1); return; }
    if (e.key === 'Enter' && selectedIndex() >= 0) { window.location = rows()[selectedIndex()].dataset.href; return; }
    var n = '1234'.indexOf(e.key);
    if (n >= 0) {
      var radio = document.querySelector('input[name=verdict][value=' + verdicts[n] + ']');
      if (radio) { radio.checked = true; radio.dispatchEvent(new Event('change', { bubbles: true })); e.preventDefault(); }
    }
  });

  document.addEventListener('click', function (e) {
    var row = e.target.closest('tr[data-href]');
    if (row && !e.target.closest('a, button, form')) { window.location = row.dataset.href; }
  });

  // the verdict form shows the fields its verdict needs
  function showVerdictFields() {
    var chosen = document.querySelector('input[name=verdict]:checked');
    document.querySelectorAll('[data-for-verdict]').forEach(function (field) {
      field.hidden = !chosen || field.getAttribute('data-for-verdict').split(' ').indexOf(chosen.value) < 0;
    });
  }
  document.addEventListener('change', function (e) {
    if (e.target.name === 'verdict') { showVerdictFields(); }
  });
  document.addEventListener('DOMContentLoaded', function () {
    showVerdictFields();
    if (rows().length > 0 && !document.getElementById('item')) { select(0); }
  });
}());

// Printed ticket: shows the "In phiếu" button (it needs JavaScript) and, on a kiosk, goes back to the
// number-taking page after a minute — announced on the page, and the citizen can stay (WCAG 2.2.1).
(function () {
  'use strict';
  var button = document.querySelector('[data-print]');
  if (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  }
  var box = document.querySelector('[data-return]');
  if (!box) return;
  var target = box.getAttribute('data-return');
  var seconds = 60;
  var out = box.querySelector('[data-seconds]');
  var stay = box.querySelector('[data-stay]');
  box.hidden = false;
  var timer = window.setInterval(function () {
    seconds -= 1;
    if (out) out.textContent = String(seconds);
    if (seconds <= 0) {
      window.clearInterval(timer);
      if (target && target.charAt(0) === '/') window.location.assign(target);
    }
  }, 1000);
  if (stay)
    stay.addEventListener('click', function () {
      window.clearInterval(timer);
      box.hidden = true;
    });
})();

// Display board: follows the server-sent events of the agency's board (no reload), shows each called
// number and announces it with a chime and, when the browser has one, a Vietnamese voice (Web Speech API).
// Without JavaScript the page refreshes itself (<noscript><meta http-equiv="refresh">).
(function () {
  'use strict';
  var body = document.body;
  var url = body.getAttribute('data-events');
  if (!url || !window.EventSource) return;
  var announced = {};
  (body.getAttribute('data-recent-ids') || '').split(' ').forEach(function (id) {
    if (id) announced[id] = true;
  });
  var live = document.querySelector('[data-announce]');
  var soundButton = document.querySelector('[data-sound]');
  var audio = null;
  var soundOn = false;

  // Browsers allow sound only after a user gesture: a TV is set up once with this button.
  if (soundButton) {
    soundButton.hidden = false;
    soundButton.addEventListener('click', function () {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (Ctx && !audio) audio = new Ctx();
      if (audio && audio.state === 'suspended') audio.resume();
      soundOn = true;
      soundButton.hidden = true;
      chime();
    });
  }

  function chime() {
    if (!audio || !soundOn) return;
    var t = audio.currentTime;
    [880, 660].forEach(function (freq, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + i * 0.35);
      gain.gain.exponentialRampToValueAtTime(0.4, t + i * 0.35 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.35 + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(t + i * 0.35);
      osc.stop(t + i * 0.35 + 0.32);
    });
  }

  function vietnameseVoice() {
    if (!window.speechSynthesis) return null;
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) if (/^vi(-|_|$)/i.test(voices[i].lang)) return voices[i];
    return null;
  }

  // "A012" is read as "A, không một hai" would be unclear: read the letter, then the number.
  function spoken(call) {
    var n = parseInt(call.number.slice(1), 10);
    return 'Mời số ' + call.number.charAt(0) + ' ' + n + ' đến ' + call.counterName;
  }

  function announce(call) {
    var text = 'Mời số ' + call.number + ' đến ' + call.counterName;
    if (live) live.textContent = text;
    chime();
    if (!soundOn || !window.speechSynthesis) return;
    var u = new SpeechSynthesisUtterance(spoken(call));
    u.lang = 'vi-VN';
    var voice = vietnameseVoice();
    if (voice) u.voice = voice;
    u.rate = 0.9;
    window.setTimeout(function () {
      window.speechSynthesis.speak(u);
    }, 700);
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function render(board) {
    var counters = document.querySelector('[data-counters]');
    if (counters) {
      counters.textContent = '';
      board.counters.forEach(function (c) {
        var li = el('li', undefined, 'board__counter');
        li.setAttribute('data-counter', c.code);
        li.appendChild(el('span', c.name, 'board__counter-name'));
        var num = el('span', c.current ? c.current.number : '—', 'board__counter-number');
        num.setAttribute('data-number', '');
        li.appendChild(num);
        li.appendChild(el('span', c.current ? c.current.field : '', 'board__counter-field'));
        if (c.current && !announced[c.current.callId]) li.className += ' board__counter--flash';
        counters.appendChild(li);
      });
    }
    var recent = document.querySelector('[data-recent]');
    if (recent) {
      recent.textContent = '';
      board.recent.forEach(function (r) {
        var li = el('li');
        li.appendChild(el('strong', r.number));
        li.appendChild(document.createTextNode(' → ' + r.counterName));
        recent.appendChild(li);
      });
    }
    var waiting = document.querySelector('[data-waiting]');
    if (waiting) {
      waiting.textContent = '';
      board.waiting.forEach(function (w) {
        var li = el('li', w.prefix + ' · ' + w.field + ': ');
        li.appendChild(el('strong', String(w.count)));
        waiting.appendChild(li);
      });
    }
    var clock = document.querySelector('[data-clock]');
    if (clock) clock.textContent = 'Cập nhật lúc ' + new Date(board.generatedAt).toLocaleTimeString('vi-VN');
    body.setAttribute('data-version', String(board.version));
    // Oldest first, so that several calls at once are read out in order.
    board.recent
      .slice()
      .reverse()
      .forEach(function (call) {
        if (announced[call.callId]) return;
        announced[call.callId] = true;
        announce(call);
      });
  }

  var source = new EventSource(url);
  source.addEventListener('board', function (e) {
    try {
      render(JSON.parse(e.data));
    } catch (err) {
      if (window.console) window.console.error(err);
    }
  });
})();

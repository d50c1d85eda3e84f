/* Decision form: shows the outcome of the national rule and the departure warning while the
   coordinator ticks boxes. Progressive enhancement only: the server computes and checks both
   again on submit. The rule itself is not repeated here: the form carries its outcome for all
   32 combinations of C1, C2, C3a, C3b, C4 (data-rule, C1 the highest bit). */
(function () {
  "use strict";
  var form = document.getElementById("decision-form");
  if (!form || !form.dataset.rule) { return; }
  var outcome = document.getElementById("rule-outcome");
  var warning = document.getElementById("departure-warning");
  var criteria = ["c1", "c2", "c3a", "c3b", "c4"];

  function isComplex() {
    var index = 0;
    criteria.forEach(function (name) {
      var box = form.elements[name];
      index = index * 2 + (box && box.checked ? 1 : 0);
    });
    return form.dataset.rule.charAt(index) === "1";
  }

  function update() {
    var complex = isComplex();
    outcome.textContent = complex ? outcome.dataset.complex : outcome.dataset.notComplex;
    var chosen = form.querySelector('input[name="decision"]:checked');
    var when = chosen ? chosen.getAttribute("data-departs-if") : null;
    warning.hidden = !((when === "complex" && complex) || (when === "not-complex" && !complex));
  }

  Array.prototype.forEach.call(document.querySelectorAll(".triage-js-hint"), function (hint) {
    hint.hidden = true;
  });
  form.addEventListener("change", update);
  update();
})();

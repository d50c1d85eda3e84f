/* Referral form: "Huisgenoot toevoegen" adds a household member's block in place and moves the
   focus to its first field. Progressive enhancement only: without this script the button sends
   the form back and the server adds the block (decision 0181). */
(function () {
  "use strict";
  var button = document.getElementById("add-household-member");
  var template = document.getElementById("household-member-template");
  var members = document.getElementById("household-members");
  var total = document.getElementById("id_household-TOTAL_FORMS");
  if (!button || !template || !members || !total) { return; }
  var max = parseInt(button.getAttribute("data-max"), 10);

  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    if (index >= max) { return; }
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var block = holder.firstElementChild;
    members.appendChild(block);
    total.value = String(index + 1);
    if (index + 1 >= max) { button.hidden = true; }
    var first = block.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  });
}());

/* What the admin pages used to do in inline handlers, which the Content-Security-Policy forbids:
 *   data-confirm="question"   on a form (asked on submit) or a submit button (asked on click)
 *   data-submit-on-change     on a select: choosing an option submits its form
 *   data-print                on a button: prints the page
 */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-submit-on-change") && field.form) field.form.submit();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
})();

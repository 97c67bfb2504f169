// Small progressive enhancements only: every page works without this file.
// Nothing here is needed for a form to submit or a link to work.
document.addEventListener('DOMContentLoaded', () => {
  // Move focus to the first field in error after a full-page form submission, for keyboard and screen-reader users.
  const invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid instanceof HTMLElement) invalid.focus();
});

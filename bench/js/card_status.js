// The data-status of the card matching arguments[0], or null while there is none.
const a = document.querySelector(arguments[0]); return a ? a.getAttribute('data-status') : null;

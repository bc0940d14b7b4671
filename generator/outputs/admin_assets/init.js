// Decap CMS waits for admin.js, which sets how files are written, and starts it.
window.CMS_MANUAL_INIT = true;

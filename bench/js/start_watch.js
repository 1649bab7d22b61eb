// The probe starts attributing records to polls from here.
window.__bench.startWatch(); return true;

// The probe saw the frame that paints the cards window.__benchCards names.
return !!(window.__bench && window.__bench.t.painted != null);

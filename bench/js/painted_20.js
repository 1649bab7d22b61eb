// The probe saw the frame that paints the first 20 cards.
return !!(window.__bench && window.__bench.t.paint20 != null);

// What the probe recorded since startWatch(): the polls, the records between polls,
// the finished cards' clock ticks and the /media/ requests.
const B = window.__bench;
return { polls: B.polls, between: B.between, clocks: B.clocks, media: B.media, mediaAtWatch: B.mediaAtWatch, watchT: B.watchT, now: performance.now() };

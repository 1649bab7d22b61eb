// Every <img> that started loading finished.
return Array.from(document.images).every(i => i.complete);

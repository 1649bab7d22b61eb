// The loader (loader/jobs-gallery-loader.js) mounts the galleries; starting the wasm
// only makes its exports ready.
fn main() {
    jobs_gallery::install_panic_hook();
}

fn main() {
    jobs_gallery::install_panic_hook();
    jobs_gallery::mount_all();
}

fn main() {
    console_error_panic_hook::set_once();
    jobs_gallery::mount_all();
}

//! A browser vendor's own WebDriver command, which fantoccini does not know: a `POST` to
//! `/session/{id}/{path}` with a JSON body (chromedriver's log and DevTools passage,
//! geckodriver's script context).

use fantoccini::wd::WebDriverCompatibleCommand;

#[derive(Debug)]
pub(crate) struct VendorCommand {
    path: &'static str,
    body: String,
}

impl VendorCommand {
    pub(crate) fn new(path: &'static str, body: String) -> Self {
        VendorCommand { path, body }
    }
}

impl WebDriverCompatibleCommand for VendorCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}

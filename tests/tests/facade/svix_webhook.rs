//! `clerk::svix_webhook` against the mock.

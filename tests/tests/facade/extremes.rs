//! Property tests: no configuration value and no server value makes a call panic or
//! overflow (retry waits, `Retry-After`, timeouts, body limits are all saturating).

use std::time::Duration;

use clerk::{ClientConfig, RetryPolicy, user};
use httpmock::Method::GET;
use httpmock::MockServer;
use proptest::prelude::*;

use crate::support::KEY;

fn any_duration() -> impl Strategy<Value = Duration> {
    prop_oneof![
        Just(Duration::ZERO),
        Just(Duration::MAX),
        Just(Duration::from_secs(u64::MAX)),
        (0u64..5_000).prop_map(Duration::from_millis),
        (any::<u64>(), 0u32..1_000_000_000).prop_map(|(s, n)| Duration::new(s, n)),
    ]
}

fn retry_after() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("18446744073709551615".to_string()),
        Just("99999999999999999999999999".to_string()),
        Just("-1".to_string()),
        Just("Fri, 31 Dec 9999 23:59:59 GMT".to_string()),
        Just("Thu, 01 Jan 1970 00:00:00 GMT".to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        "[ -~]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_config_or_server_value_panics(
        timeout in any_duration(),
        attempts in any::<u32>(),
        initial in any_duration(),
        max_backoff in any_duration(),
        // Kept short so that the property runs quickly; every other value is extreme.
        max_elapsed in (0u64..30).prop_map(Duration::from_millis),
        limit in prop_oneof![Just(0usize), Just(usize::MAX), 0usize..100_000],
        status in prop::sample::select(vec![200u16, 204, 302, 408, 429, 500, 503]),
        after in retry_after(),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let server = MockServer::start_async().await;
            server
                .mock_async(|when, then| {
                    when.method(GET).path("/v1/users/user_1");
                    then.status(status)
                        .header("retry-after", &after)
                        .json_body(crate::support::fixture("user"));
                })
                .await;
            let config = ClientConfig::new(KEY)
                .with_api_url(server.url("/v1"))
                .with_timeout(timeout)
                .with_max_response_bytes(limit)
                .with_retry(
                    RetryPolicy::default()
                        .with_max_attempts(attempts)
                        .with_initial_backoff(initial)
                        .with_max_backoff(max_backoff)
                        .with_max_elapsed(max_elapsed),
                );
            // Any outcome but a panic; a 200 within the limit decodes.
            let result = user::Client::new(&config).get("user_1").await;
            if status == 200 && limit > 10_000 && timeout > Duration::from_secs(1) {
                prop_assert!(result.is_ok(), "{result:?}");
            }
            Ok(())
        })?;
    }
}

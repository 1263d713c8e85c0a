//! `clerk::jwks` against the mock.

use clerk::jwks;
use clerk::types::JwksKeysItem;
use httpmock::Method::GET;
use httpmock::MockServer;

use crate::support::{config, fixture};

#[tokio::test]
async fn get_decodes_an_rsa_public_key() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/jwks")
                .header_missing("content-type");
            then.status(200).json_body(fixture("jwks"));
        })
        .await;
    let set = jwks::Client::new(&config(&server)).get().await.unwrap();
    mock.assert_async().await;
    assert_eq!(set.keys.len(), 1);
    match &set.keys[0] {
        JwksKeysItem::RsaPublicKey(key) => {
            assert_eq!(key.kid, "ins_2abcINSTANCE0123456789xy");
            assert_eq!(key.alg, "RS256");
            assert_eq!(key.e, "AQAB");
            assert_eq!(key.use_, "sig");
        }
        other => panic!("expected an RSA public key, got {other:?}"),
    }
}

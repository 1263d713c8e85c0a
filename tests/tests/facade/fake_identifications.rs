//! `FakeClerk` scenarios: a user's email addresses and phone numbers, created, read,
//! verified, made primary and deleted through their own endpoints, and the user's
//! record following along.

use crate::support::assert_not_found;
use clerk::testing::FakeClerk;
use clerk::{Error, email_address, phone_number, user};
use serde_json::Value;

fn verification_status<T: serde::Serialize>(item: &T) -> Value {
    serde_json::to_value(item).unwrap()["verification"]["status"].clone()
}

async fn new_user(users: &user::Client) -> user::User {
    users
        .create(&user::CreateParams {
            email_address: Some(vec!["ada@example.com".into()]),
            phone_number: Some(vec!["+15555550100".into()]),
            ..Default::default()
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn email_addresses_create_get_update_primary_and_delete() {
    let fake = FakeClerk::start().await;
    let users = user::Client::new(&fake.config());
    let emails = email_address::Client::new(&fake.config());
    let ada = new_user(&users).await;
    let first = ada.primary_email_address_id.clone().unwrap();

    let work = emails
        .create(&email_address::CreateParams {
            user_id: Some(ada.id.clone()),
            email_address: Some("ada@work.example".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let id = work.id.clone().unwrap();
    assert!(id.starts_with("idn_"), "{id}");
    assert_eq!(work.email_address, "ada@work.example");
    assert_eq!(
        verification_status(&work),
        Value::Null,
        "an admin-created address is unverified unless asked"
    );
    assert_eq!(
        emails.get(&id).await.unwrap().email_address,
        work.email_address
    );

    // The user lists it; the first address stays primary.
    let listed = users.get(&ada.id).await.unwrap();
    let addresses: Vec<&str> = listed
        .email_addresses
        .iter()
        .map(|e| e.email_address.as_str())
        .collect();
    assert_eq!(addresses, ["ada@example.com", "ada@work.example"]);
    assert_eq!(
        listed.primary_email_address_id.as_deref(),
        Some(first.as_str())
    );

    // Taken addresses are refused, whatever their case; so are unknown users.
    let taken = emails
        .create(&email_address::CreateParams {
            user_id: Some(ada.id.clone()),
            email_address: Some("ADA@work.example".into()),
            ..Default::default()
        })
        .await;
    match taken {
        Err(Error::Api(e)) => {
            assert_eq!((e.status, e.code()), (422, Some("form_identifier_exists")))
        }
        other => panic!("expected a 422, got {other:?}"),
    }
    assert_not_found(
        emails
            .create(&email_address::CreateParams {
                user_id: Some("user_2noSuchUserAtAllInTheFake00".into()),
                email_address: Some("nobody@example.com".into()),
                ..Default::default()
            })
            .await,
    );

    // Verified and made primary: both persist, on the address and on the user.
    let updated = emails
        .update(
            &id,
            &email_address::UpdateParams {
                verified: Some(true),
                primary: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(verification_status(&updated), "verified");
    assert!(updated.updated_at > work.updated_at);
    assert_eq!(
        verification_status(&emails.get(&id).await.unwrap()),
        "verified"
    );
    assert_eq!(
        users
            .get(&ada.id)
            .await
            .unwrap()
            .primary_email_address_id
            .as_deref(),
        Some(id.as_str())
    );

    // Deleting the primary address hands primary back to the one left.
    let deleted = emails.delete(&id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some(id.as_str()));
    assert_eq!(deleted.object, "email_address");
    assert_not_found(emails.get(&id).await);
    assert_not_found(emails.delete(&id).await);
    let after = users.get(&ada.id).await.unwrap();
    assert_eq!(after.email_addresses.len(), 1);
    assert_eq!(
        after.primary_email_address_id.as_deref(),
        Some(first.as_str())
    );
}

#[tokio::test]
async fn phone_numbers_create_get_update_and_delete() {
    let fake = FakeClerk::start().await;
    let users = user::Client::new(&fake.config());
    let phones = phone_number::Client::new(&fake.config());
    let ada = new_user(&users).await;
    let first = ada.primary_phone_number_id.clone().unwrap();

    let mobile = phones
        .create(&phone_number::CreateParams {
            user_id: Some(ada.id.clone()),
            phone_number: Some("+15555550199".into()),
            verified: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    let id = mobile.id.clone().unwrap();
    assert!(id.starts_with("idn_"), "{id}");
    assert_eq!(mobile.phone_number, "+15555550199");
    assert_eq!(verification_status(&mobile), "verified");
    assert_eq!(mobile.reserved_for_second_factor, Some(false));
    assert_eq!(
        phones.get(&id).await.unwrap().phone_number,
        mobile.phone_number
    );
    let numbers: Vec<String> = users
        .get(&ada.id)
        .await
        .unwrap()
        .phone_numbers
        .into_iter()
        .map(|p| p.phone_number)
        .collect();
    assert_eq!(numbers, ["+15555550100", "+15555550199"]);

    // Not a phone number: a 422 naming the field.
    match phones
        .create(&phone_number::CreateParams {
            user_id: Some(ada.id.clone()),
            phone_number: Some("555".into()),
            ..Default::default()
        })
        .await
    {
        Err(Error::Api(e)) => {
            assert_eq!(
                (e.status, e.code()),
                (422, Some("form_param_format_invalid"))
            );
            let meta = e.errors[0].meta.as_ref().unwrap();
            assert_eq!(meta["param_name"], "phone_number");
        }
        other => panic!("expected a 422, got {other:?}"),
    }

    // Reserved for second factor, unverified: both persist; primary stays.
    let updated = phones
        .update(
            &id,
            &phone_number::UpdateParams {
                reserved_for_second_factor: Some(true),
                verified: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.reserved_for_second_factor, Some(true));
    assert_eq!(verification_status(&updated), Value::Null);
    let stored = phones.get(&id).await.unwrap();
    assert_eq!(stored.reserved_for_second_factor, Some(true));
    assert_eq!(
        users
            .get(&ada.id)
            .await
            .unwrap()
            .primary_phone_number_id
            .as_deref(),
        Some(first.as_str())
    );

    let deleted = phones.delete(&id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.object, "phone_number");
    assert_not_found(phones.get(&id).await);
    assert_not_found(
        phones
            .update(&id, &phone_number::UpdateParams::default())
            .await,
    );
    assert_eq!(users.get(&ada.id).await.unwrap().phone_numbers.len(), 1);
}

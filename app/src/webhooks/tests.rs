use chrono::{TimeDelta, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use serde_json::Value;
use uuid::Uuid;

use super::entity::webhook;
use super::service::{
    ATTEMPTS, Attempt, KEPT, claim_due, create, delete, deliveries, fan_out, list, prune, record,
    retry_after, send_again, set_active,
};
use super::types::{DeliveryStatus, WebhookForm};
use crate::core::actor::{Actor, Role};
use crate::core::events::{ContactChange, Event, Order};
use crate::core::outbox::{self, Stored};
use crate::core::signing::SecretKey;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};

fn form(url: &str, topics: &[&str], allow_private: bool) -> WebhookForm {
    WebhookForm {
        url: url.into(),
        description: "ERP".into(),
        topics: topics.iter().map(|t| t.to_string()).collect(),
        allow_private,
    }
}

async fn subscribe(conn: &DatabaseConnection, owner: &Actor, topics: &[&str]) -> Uuid {
    let form = form("http://127.0.0.1:9/in", topics, true);
    create(conn, owner, &SecretKey::for_tests(), &form, Utc::now())
        .await
        .unwrap()
        .webhook
        .id
}

/// `event` stored in the outbox and read back as the worker is handed it.
async fn stored(conn: &DatabaseConnection, event: Event) -> Stored {
    outbox::enqueue(conn, &event).await.unwrap();
    let mut due = outbox::claim_due(conn, Utc::now(), 10, TimeDelta::zero())
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    outbox::mark_delivered(conn, due[0].id, Utc::now())
        .await
        .unwrap();
    due.remove(0)
}

fn contact_created(name: &str) -> Event {
    Event::ContactCreated(ContactChange {
        id: Uuid::now_v7(),
        name: name.into(),
        version: 1,
        form: None,
    })
}

fn order_created() -> Event {
    Event::OrderCreated(Order {
        id: Uuid::now_v7(),
        contact_id: Uuid::now_v7(),
        number: "20261208-1".into(),
        amount: clean::money::parse("120.00", "CNY").unwrap(),
        status: "paid".into(),
    })
}

fn refusals(err: AppError, field: &str) -> Vec<Invalid> {
    err.field(field).to_vec()
}

async fn only_the_owner_subscribes_and_bad_addresses_are_refused(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let key = SecretKey::for_tests();
    let now = Utc::now();
    let rep = teammate(conn, &owner, "rep@acme.cn", Role::Sales).await;
    let asked = form("https://erp.example.com/in", &["order.created"], false);
    assert_eq!(
        create(conn, &rep, &key, &asked, now).await.unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(list(conn, &rep).await.unwrap_err(), AppError::Forbidden);

    let inside = form("http://127.0.0.1:8080/in", &["order.created"], false);
    let err = create(conn, &owner, &key, &inside, now).await.unwrap_err();
    assert_eq!(refusals(err, "url"), [Invalid::PrivateAddress]);
    let metadata = form("http://169.254.169.254/latest", &["order.created"], false);
    let err = create(conn, &owner, &key, &metadata, now)
        .await
        .unwrap_err();
    assert_eq!(refusals(err, "url"), [Invalid::PrivateAddress]);

    let wrong = form("ftp://erp.example.com/", &["order.shipped"], false);
    let err = create(conn, &owner, &key, &wrong, now).await.unwrap_err();
    assert_eq!(refusals(err.clone(), "url"), [Invalid::Url]);
    assert_eq!(refusals(err, "topics"), [Invalid::Choice]);
    let none = form("https://erp.example.com/in", &[], false);
    let err = create(conn, &owner, &key, &none, now).await.unwrap_err();
    assert_eq!(refusals(err, "topics"), [Invalid::Required]);
    assert!(list(conn, &owner).await.unwrap().is_empty(), "nothing kept");

    let allowed = form(
        "http://127.0.0.1:8080/in",
        &["order.created", "contact.created"],
        true,
    );
    let made = create(conn, &owner, &key, &allowed, now).await.unwrap();
    assert!(made.secret.starts_with("whsec_"), "{}", made.secret);
    // Kept in the order of the list, whatever order they were ticked in.
    assert_eq!(made.webhook.topics, ["contact.created", "order.created"]);
    // The secret is kept sealed, and opens only with the key.
    let row = webhook::Entity::find_by_id(made.webhook.id)
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert!(!row.secret.contains(&made.secret));
    let opened = key
        .open(&format!("webhook:{}", row.id), &row.secret)
        .unwrap();
    assert_eq!(opened, made.secret.as_bytes());
    assert_eq!(list(conn, &owner).await.unwrap(), vec![made.webhook]);
}
db_test!(only_the_owner_subscribes_and_bad_addresses_are_refused);

async fn an_event_reaches_each_subscription_that_wants_it_once(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let contacts = subscribe(conn, &owner, &["contact.created"]).await;
    let orders = subscribe(conn, &owner, &["order.created"]).await;
    let paused = subscribe(conn, &owner, &["contact.created"]).await;
    let hook = list(conn, &owner).await.unwrap();
    let version = hook.iter().find(|h| h.id == paused).unwrap().version;
    set_active(conn, &owner, paused, false, version, Utc::now())
        .await
        .unwrap();

    let event = stored(conn, contact_created("李娜")).await;
    assert_eq!(fan_out(conn, &event).await.unwrap(), 1);
    // Handed over again after a crash, the event adds no second delivery.
    assert_eq!(fan_out(conn, &event).await.unwrap(), 0);

    let log = deliveries(conn, &owner, contacts).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].topic, "contact.created");
    assert_eq!(log[0].status, DeliveryStatus::Pending);
    assert!(deliveries(conn, &owner, orders).await.unwrap().is_empty());
    assert!(deliveries(conn, &owner, paused).await.unwrap().is_empty());

    let due = claim_due(
        conn,
        &SecretKey::for_tests(),
        Utc::now(),
        10,
        TimeDelta::minutes(1),
    )
    .await
    .unwrap();
    assert_eq!(due.len(), 1);
    let body: Value = serde_json::from_str(&due[0].body).unwrap();
    assert_eq!(body["type"], "contact.created");
    assert_eq!(body["data"]["name"], "李娜");
    assert!(body["timestamp"].is_string());
    assert_eq!(due[0].event_id, event.id);
    assert!(due[0].secret.as_deref().unwrap().starts_with("whsec_"));
}
db_test!(an_event_reaches_each_subscription_that_wants_it_once);

async fn a_failed_delivery_waits_its_backoff_and_gives_up_at_the_last_attempt(
    conn: &DatabaseConnection,
) {
    let owner = owner(conn).await;
    let key = SecretKey::for_tests();
    let hook = subscribe(conn, &owner, &["order.created"]).await;
    fan_out(conn, &stored(conn, order_created()).await)
        .await
        .unwrap();
    let now = Utc::now();
    let lease = TimeDelta::minutes(1);
    let due = claim_due(conn, &key, now, 10, lease).await.unwrap();
    assert_eq!(due.len(), 1);
    assert!(
        claim_due(conn, &key, now, 10, lease)
            .await
            .unwrap()
            .is_empty(),
        "claimed by one sender at a time"
    );
    let failed = Attempt::Answered {
        status: 500,
        body: "database down".into(),
    };
    let status = record(conn, &due[0], &failed, now).await.unwrap();
    assert_eq!(status, DeliveryStatus::Pending);
    let log = deliveries(conn, &owner, hook).await.unwrap();
    assert_eq!((log[0].attempts, log[0].response_status), (1, Some(500)));
    assert_eq!(log[0].response.as_deref(), Some("database down"));
    assert!(
        claim_due(conn, &key, now, 10, lease)
            .await
            .unwrap()
            .is_empty()
    );

    // Every later attempt fails too, until the last one gives up.
    let mut at = now;
    for attempt in 2..=ATTEMPTS {
        let pause = retry_after(attempt - 1).unwrap();
        let early = claim_due(conn, &key, at + pause - TimeDelta::seconds(1), 10, lease);
        assert!(early.await.unwrap().is_empty(), "attempt {attempt} waits");
        at += pause;
        let due = claim_due(conn, &key, at, 10, lease).await.unwrap();
        assert_eq!(due.len(), 1, "attempt {attempt}");
        let refused = Attempt::NoAnswer("connection refused".into());
        let status = record(conn, &due[0], &refused, at).await.unwrap();
        let expected = if attempt == ATTEMPTS {
            DeliveryStatus::Failed
        } else {
            DeliveryStatus::Pending
        };
        assert_eq!(status, expected, "attempt {attempt}");
    }
    let span = at - now;
    assert!(
        span > TimeDelta::hours(24),
        "a receiver down overnight gets it: {span}"
    );
    let far = at + TimeDelta::days(30);
    assert!(
        claim_due(conn, &key, far, 10, lease)
            .await
            .unwrap()
            .is_empty()
    );

    // Sent again, it is due at once with its attempts counted afresh, and then delivered.
    let id = deliveries(conn, &owner, hook).await.unwrap()[0].id;
    let again = send_again(conn, &owner, id, far).await.unwrap();
    assert_eq!((again.status, again.attempts), (DeliveryStatus::Pending, 0));
    let due = claim_due(conn, &key, far, 10, lease).await.unwrap();
    let taken = Attempt::Answered {
        status: 204,
        body: String::new(),
    };
    let status = record(conn, &due[0], &taken, far).await.unwrap();
    assert_eq!(status, DeliveryStatus::Delivered);
    let later = far + TimeDelta::days(1);
    assert!(
        claim_due(conn, &key, later, 10, lease)
            .await
            .unwrap()
            .is_empty()
    );

    // A pending delivery stays however old; a finished one goes once the log has kept it.
    fan_out(conn, &stored(conn, order_created()).await)
        .await
        .unwrap();
    let kept_since = Utc::now() - KEPT;
    assert_eq!(prune(conn, kept_since).await.unwrap(), 0, "kept a while");
    // As the sender clears the log a month and a day from now.
    let tomorrow = Utc::now() + TimeDelta::days(1);
    assert_eq!(prune(conn, tomorrow).await.unwrap(), 1);
    let log = deliveries(conn, &owner, hook).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].status, DeliveryStatus::Pending);
}
db_test!(a_failed_delivery_waits_its_backoff_and_gives_up_at_the_last_attempt);

async fn a_stale_pause_conflicts_and_a_deleted_webhook_takes_its_log(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let hook = subscribe(conn, &owner, &["contact.created"]).await;
    let paused = set_active(conn, &owner, hook, false, 1, Utc::now())
        .await
        .unwrap();
    assert!(!paused.active);
    let err = set_active(conn, &owner, hook, true, 1, Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Conflict { current } if current["active"] == false));
    set_active(conn, &owner, hook, true, paused.version, Utc::now())
        .await
        .unwrap();

    fan_out(conn, &stored(conn, contact_created("Chen Jie")).await)
        .await
        .unwrap();
    assert_eq!(deliveries(conn, &owner, hook).await.unwrap().len(), 1);
    delete(conn, &owner, hook).await.unwrap();
    assert!(list(conn, &owner).await.unwrap().is_empty());
    assert_eq!(
        deliveries(conn, &owner, hook).await.unwrap_err(),
        AppError::NotFound
    );
    let key = SecretKey::for_tests();
    let due = claim_due(conn, &key, Utc::now(), 10, TimeDelta::minutes(1));
    assert!(due.await.unwrap().is_empty(), "its deliveries went with it");
}
db_test!(a_stale_pause_conflicts_and_a_deleted_webhook_takes_its_log);

async fn a_key_rotation_seals_the_secrets_anew(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let old = SecretKey::for_tests();
    let form = form("http://127.0.0.1:9/in", &["contact.created"], true);
    let made = create(conn, &owner, &old, &form, Utc::now()).await.unwrap();
    let new = SecretKey::new("a second key for tests, as long as the first").unwrap();
    assert_eq!(super::service::reseal(conn, &old, &new).await.unwrap(), 1);
    let row = webhook::Entity::find_by_id(made.webhook.id)
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let label = format!("webhook:{}", row.id);
    assert_eq!(
        new.open(&label, &row.secret).unwrap(),
        made.secret.as_bytes()
    );
    assert!(old.open(&label, &row.secret).is_none());
    // A secret that no key opens is refused in words at the attempt, not sent unsigned.
    webhook::ActiveModel {
        id: Set(row.id),
        secret: Set("s1.broken".into()),
        ..Default::default()
    }
    .update(conn)
    .await
    .unwrap();
    fan_out(conn, &stored(conn, contact_created("Zhou Min")).await)
        .await
        .unwrap();
    let due = claim_due(conn, &new, Utc::now(), 10, TimeDelta::minutes(1))
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].secret, None);
}
db_test!(a_key_rotation_seals_the_secrets_anew);

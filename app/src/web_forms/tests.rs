//! Service tests of web forms, each on SQLite and on PostgreSQL.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use super::service::{self, HONEYPOT};
use super::types::{Submitted, WebFormForm};
use crate::core::actor::Role;
use crate::core::code::TextCode;
use crate::customers::entity::contact;
use crate::customers::history::entity::interaction;
use crate::customers::service as contacts;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};

fn sent(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn a_submission_creates_then_fills_in_a_contact(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let settings = WebFormForm {
        name: "Spring fair".into(),
        tag: "fair".into(),
        owner_id: rep.user.id.to_string(),
        redirect_url: String::new(),
        opens_tickets: None,
    };
    let form = service::create(conn, &owner, &settings, "https://crm.example.cn")
        .await
        .unwrap();
    assert_eq!(
        form.action,
        format!("https://crm.example.cn/f/{}", form.key)
    );
    assert!(form.snippet().contains(&form.action));
    let model = service::find_active(conn, &form.key).await.unwrap();

    let first = sent(&[
        ("name", " 陈静 "),
        ("email", "Chen.Jing@Example.CN"),
        ("company", "榕树贸易"),
        ("message", "Please send a catalogue."),
        ("consent", "yes"),
        (HONEYPOT, ""),
    ]);
    let Submitted::Created(id) = service::submit(conn, &model, &first, Utc::now())
        .await
        .unwrap()
    else {
        panic!("a new contact");
    };
    let chen = contacts::get(conn, &owner, id).await.unwrap();
    assert_eq!(chen.name, "陈静");
    assert_eq!(chen.email.as_deref(), Some("chen.jing@example.cn"));
    assert_eq!(chen.source.as_str(), "web");
    assert_eq!(chen.lifecycle.as_str(), "lead");
    assert_eq!(chen.owner_id, Some(rep.user.id));
    assert_eq!(chen.company_name.as_deref(), Some("榕树贸易"));
    assert_eq!(chen.tags, ["fair"]);
    assert!(chen.marketing_consent);
    let notes = interaction::Entity::find()
        .filter(interaction::Column::ContactId.eq(id))
        .all(conn)
        .await
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].body.as_deref(), Some("Please send a catalogue."));

    // The same person again, without ticking consent: filled in, not duplicated, consent kept.
    let again = sent(&[
        ("name", "Jing"),
        ("email", "chen.jing@example.cn"),
        ("phone", "138 0013 8000"),
    ]);
    assert_eq!(
        service::submit(conn, &model, &again, Utc::now())
            .await
            .unwrap(),
        Submitted::Updated(id)
    );
    let chen = contacts::get(conn, &owner, id).await.unwrap();
    assert_eq!(chen.name, "陈静", "a name on file is not overwritten");
    assert_eq!(chen.phone.as_deref(), Some("+8613800138000"));
    assert!(chen.marketing_consent);
    assert_eq!(contact::Entity::find().count(conn).await.unwrap(), 1);
}

db_test!(a_submission_creates_then_fills_in_a_contact);

async fn robots_bad_input_and_closed_forms_write_nothing(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let settings = WebFormForm {
        name: "Newsletter".into(),
        ..WebFormForm::default()
    };
    let form = service::create(conn, &owner, &settings, "http://127.0.0.1:3000")
        .await
        .unwrap();
    let model = service::find_active(conn, &form.key).await.unwrap();
    let robot = sent(&[
        ("name", "Buy now"),
        ("email", "spam@example.com"),
        (HONEYPOT, "http://spam"),
    ]);
    assert_eq!(
        service::submit(conn, &model, &robot, Utc::now())
            .await
            .unwrap(),
        Submitted::Ignored
    );
    let nobody = sent(&[("name", "No way to reach me")]);
    let err = service::submit(conn, &model, &nobody, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.field("email"), [Invalid::Required]);
    let bad = sent(&[("email", "not-an-email")]);
    assert_eq!(
        service::submit(conn, &model, &bad, Utc::now())
            .await
            .unwrap_err()
            .field("email"),
        [Invalid::Email]
    );
    assert_eq!(contact::Entity::find().count(conn).await.unwrap(), 0);

    // Only an email: the person is known by it.
    let only_email = sent(&[("email", "reader@example.com")]);
    let Submitted::Created(id) = service::submit(conn, &model, &only_email, Utc::now())
        .await
        .unwrap()
    else {
        panic!("a new contact");
    };
    assert_eq!(
        contacts::get(conn, &owner, id).await.unwrap().name,
        "reader@example.com"
    );

    service::set_active(conn, &owner, form.id, false)
        .await
        .unwrap();
    assert_eq!(
        service::find_active(conn, &form.key).await.unwrap_err(),
        AppError::NotFound
    );

    let bad_settings = WebFormForm {
        name: "x".into(),
        redirect_url: "javascript:alert(1)".into(),
        ..WebFormForm::default()
    };
    let err = service::create(conn, &owner, &bad_settings, "")
        .await
        .unwrap_err();
    assert_eq!(err.field("redirect_url"), [Invalid::Choice]);
    let sales = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    assert_eq!(
        service::create(conn, &sales, &settings, "")
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
}

db_test!(robots_bad_input_and_closed_forms_write_nothing);

async fn the_desks_contact_form_opens_tickets(conn: &DatabaseConnection) {
    use crate::tickets::service as tickets;
    use crate::tickets::types::{Channel, InboxQuery, View};

    let owner = owner(conn).await;
    let settings = WebFormForm {
        name: "Support".into(),
        opens_tickets: Some("on".into()),
        ..WebFormForm::default()
    };
    let form = service::create(conn, &owner, &settings, "https://crm.example.cn")
        .await
        .unwrap();
    assert!(form.opens_tickets);
    let model = service::find_active(conn, &form.key).await.unwrap();
    let message = "\n  The kettle   stopped heating.\nThe light still comes on.";
    let asked = sent(&[
        ("name", "Emily Chen"),
        ("email", "emily@example.com"),
        ("message", message),
    ]);
    let Submitted::Created(id) = service::submit(conn, &model, &asked, Utc::now())
        .await
        .unwrap()
    else {
        panic!("a new contact");
    };
    let query = InboxQuery {
        view: View::Unassigned,
        ..InboxQuery::default()
    };
    let inbox = tickets::inbox(conn, &owner, &query, Utc::now())
        .await
        .unwrap();
    assert_eq!(inbox.rows.len(), 1);
    let row = &inbox.rows[0];
    assert_eq!(row.subject, "The kettle stopped heating.");
    let thread = tickets::thread(conn, &owner, row.id, Utc::now())
        .await
        .unwrap();
    assert_eq!(thread.ticket.contact_id, id);
    assert_eq!(thread.ticket.channel, Channel::Web);
    assert_eq!(
        thread.messages[0].body,
        "The kettle   stopped heating.\nThe light still comes on."
    );
    // The message went to the desk, not into the contact's history as a note as well.
    let notes = interaction::Entity::find()
        .filter(interaction::Column::ContactId.eq(id))
        .count(conn)
        .await
        .unwrap();
    assert_eq!(notes, 0);
    // Without a message there is nothing to answer: no ticket.
    let no_message = sent(&[("email", "reader@example.com")]);
    service::submit(conn, &model, &no_message, Utc::now())
        .await
        .unwrap();
    let inbox = tickets::inbox(conn, &owner, &query, Utc::now())
        .await
        .unwrap();
    assert_eq!(inbox.rows.len(), 1);
}

db_test!(the_desks_contact_form_opens_tickets);

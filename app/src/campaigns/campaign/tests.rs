//! Service tests of campaigns, each on SQLite and on PostgreSQL: the audience frozen with its
//! exclusions, merge fields, throttling, pause and resume without duplicates, unsubscribe links.

mod tracking;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::entity::recipient;
use super::service::mail::{self as campaign_mail, Settled};
use super::service::sending;
use super::service::{self, unsubscribe};
use super::types::{Campaign, CampaignForm, Command, Counts, Status};
use crate::core::actor::Actor;
use crate::core::actor::Role;
use crate::core::events::{CampaignRun, Event, topics};
use crate::core::outbox::{self, entity as outbox_entity};
use crate::core::signing::SecretKey;
use crate::customers::entity::contact;
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::{Contact, ContactForm};
use crate::db_test;
use crate::error::{AppError, Invalid};

const URL: &str = "https://crm.example.cn";
const DOMAIN: &str = "mail.example.cn";

async fn person(
    conn: &DatabaseConnection,
    who: &Actor,
    name: &str,
    email: &str,
    consent: bool,
) -> Contact {
    let form = ContactForm {
        email: email.into(),
        tags: "news".into(),
        marketing_consent: consent.then(|| "on".into()),
        ..form(name)
    };
    contacts::create(conn, who, &form).await.unwrap()
}

/// A segment of everyone tagged `news`, evaluated afresh when a campaign starts.
async fn newsletter_segment(conn: &DatabaseConnection, who: &Actor) -> Uuid {
    crate::testing::tagged_segment(conn, who, "Newsletter", "news").await
}

fn draft(segment: Uuid, per_minute: u32) -> CampaignForm {
    CampaignForm {
        name: "Spring sale".into(),
        segment_id: segment.to_string(),
        subject: "{{first_name}}, spring is here".into(),
        html: "<p>Dear {{first_name}} at {{company}}</p>".into(),
        text: "Dear {{first_name}},\n{{owner_name}}".into(),
        per_minute: per_minute.to_string(),
        ..CampaignForm::default()
    }
}

/// Schedules the campaign now and handles its start event, as the worker would.
async fn start_now(conn: &DatabaseConnection, who: &Actor, campaign: &Campaign) -> Campaign {
    let now = Utc::now();
    let scheduled = service::change(
        conn,
        who,
        campaign.id,
        campaign.version,
        Command::Schedule,
        "",
        now,
    )
    .await
    .unwrap();
    assert_eq!(scheduled.status, Status::Scheduled);
    let due = outbox::claim_due(conn, now + TimeDelta::seconds(1), 50, TimeDelta::zero())
        .await
        .unwrap();
    let start = due
        .iter()
        .find_map(|e| match e.event() {
            Ok(Event::CampaignStart(start)) => Some(start),
            _ => None,
        })
        .expect("a start event");
    sending::start(conn, start, now).await.unwrap();
    service::get(conn, who, campaign.id).await.unwrap()
}

/// The campaign's message events in the outbox, by when they are due.
async fn message_events(conn: &DatabaseConnection) -> Vec<(CampaignRun, DateTime<Utc>)> {
    outbox_entity::Entity::find()
        .filter(outbox_entity::Column::Topic.eq(topics::CAMPAIGN_MAIL))
        .order_by_asc(outbox_entity::Column::AvailableAt)
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| match Event::read(&e.topic, &e.payload) {
            Ok(Event::CampaignMail(message)) => (message, e.available_at),
            other => panic!("a campaign message, not {other:?}"),
        })
        .collect()
}

/// Hands each event to the mail service and records what the mail server took; returns the
/// mails made.
async fn send_all(
    conn: &DatabaseConnection,
    events: &[(CampaignRun, DateTime<Utc>)],
) -> Vec<crate::core::mail::Mail> {
    let key = SecretKey::for_tests();
    let mut sent = Vec::new();
    for (event, _) in events {
        let mail = campaign_mail::message(conn, &key, URL, *event, DOMAIN, Utc::now())
            .await
            .unwrap();
        if let Some(mail) = mail {
            campaign_mail::settle_event(conn, *event, Settled::Sent(&mail.message_id), Utc::now())
                .await
                .unwrap();
            sent.push(mail);
        }
    }
    sent
}

async fn the_audience_is_frozen_with_exclusions_and_each_is_mailed_once(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let marketer = teammate(conn, &owner, "mkt@example.cn", Role::Marketing).await;
    let emily = ContactForm {
        given_name: "Emily".into(),
        ..form("Emily <Chen>")
    };
    let emily = contacts::create(
        conn,
        &owner,
        &ContactForm {
            email: "emily@example.com".into(),
            tags: "news".into(),
            marketing_consent: Some("on".into()),
            ..emily
        },
    )
    .await
    .unwrap();
    person(conn, &owner, "没有邮箱", "", true).await;
    person(conn, &owner, "未同意", "no.consent@example.cn", false).await;
    let gone = person(conn, &owner, "已退订", "gone@example.cn", true).await;
    contact::Entity::update_many()
        .col_expr(
            contact::Column::UnsubscribedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(contact::Column::Id.eq(gone.id))
        .exec(conn)
        .await
        .unwrap();
    let segment = newsletter_segment(conn, &marketer).await;

    let campaign = service::save(conn, &marketer, &draft(segment, 120), Utc::now())
        .await
        .unwrap();
    assert_eq!(campaign.status, Status::Draft);
    let preview = service::preview(conn, &marketer, URL, campaign.id, Some(emily.id))
        .await
        .unwrap();
    assert_eq!(preview.subject, "Emily, spring is here");
    assert!(
        preview.html.starts_with("<p>Dear Emily at </p>"),
        "{}",
        preview.html
    );
    assert_eq!(
        preview.empty_fields,
        ["{{company}}"],
        "the preview says why"
    );

    let started = start_now(conn, &marketer, &campaign).await;
    assert_eq!(started.status, Status::Sending);
    assert_eq!(
        started.counts,
        Counts {
            queued: 1,
            excluded_unsubscribed: 1,
            excluded_no_consent: 1,
            excluded_no_email: 1,
            ..Counts::default()
        }
    );
    // Frozen: someone who joins the segment now is not in this campaign.
    person(conn, &owner, "后来者", "late@example.cn", true).await;

    let events = message_events(conn).await;
    assert_eq!(events.len(), 1);
    let mails = send_all(conn, &events).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to_email, "emily@example.com");
    assert_eq!(mail.subject, "Emily, spring is here");
    // Nobody owns her: the workspace signs.
    assert!(
        mail.text.starts_with("Dear Emily,\n榕树贸易"),
        "{}",
        mail.text
    );
    let one_click = mail.list_unsubscribe.as_deref().unwrap();
    assert!(one_click.starts_with("https://crm.example.cn/mail/unsubscribe?t="));
    let html = mail.html.as_deref().unwrap();
    assert!(
        html.contains("https://crm.example.cn/unsubscribe?t="),
        "{html}"
    );
    // Handled again, as after a crash: nothing is made twice.
    assert!(send_all(conn, &events).await.is_empty());

    let done = service::get(conn, &marketer, campaign.id).await.unwrap();
    assert_eq!(done.status, Status::Sent);
    assert_eq!(done.counts.sent, 1);
    assert_eq!(done.counts.queued, 0);
}
db_test!(the_audience_is_frozen_with_exclusions_and_each_is_mailed_once);

async fn throttled_paused_and_resumed_it_sends_nobody_twice(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    for i in 0..5 {
        person(
            conn,
            &owner,
            &format!("客户{i}"),
            &format!("c{i}@example.cn"),
            true,
        )
        .await;
    }
    let segment = newsletter_segment(conn, &owner).await;
    let campaign = service::save(conn, &owner, &draft(segment, 2), Utc::now())
        .await
        .unwrap();
    let started = start_now(conn, &owner, &campaign).await;
    let first_run = message_events(conn).await;
    assert_eq!(first_run.len(), 5);
    // Two a minute: one every thirty seconds.
    for pair in first_run.windows(2) {
        assert_eq!(pair[1].1 - pair[0].1, TimeDelta::seconds(30));
    }
    assert_eq!(send_all(conn, &first_run[..2]).await.len(), 2);

    let paused = service::change(
        conn,
        &owner,
        campaign.id,
        started.version,
        Command::Pause,
        "",
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(paused.status, Status::Paused);
    assert!(
        send_all(conn, &first_run[2..]).await.is_empty(),
        "nothing goes while paused"
    );
    let stale = service::change(
        conn,
        &owner,
        campaign.id,
        started.version,
        Command::Resume,
        "",
        Utc::now(),
    )
    .await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    service::change(
        conn,
        &owner,
        campaign.id,
        paused.version,
        Command::Resume,
        "",
        Utc::now(),
    )
    .await
    .unwrap();
    let all = message_events(conn).await;
    assert_eq!(all.len(), 8, "the three left are queued again");
    // The old run's events, handled late, send nothing; the new run sends the three left.
    assert!(send_all(conn, &first_run[2..]).await.is_empty());
    let rest: Vec<_> = all
        .into_iter()
        .filter(|(e, _)| !first_run.iter().any(|(old, _)| old == e))
        .collect();
    assert_eq!(send_all(conn, &rest).await.len(), 3);

    let done = service::get(conn, &owner, campaign.id).await.unwrap();
    assert_eq!(done.status, Status::Sent);
    assert_eq!(done.counts.sent, 5);
    let rows = recipient::Entity::find()
        .filter(recipient::Column::CampaignId.eq(campaign.id))
        .all(conn)
        .await
        .unwrap();
    let mut ids: Vec<_> = rows.iter().filter_map(|r| r.message_id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 5, "one message each");
}
db_test!(throttled_paused_and_resumed_it_sends_nobody_twice);

async fn an_unsubscribe_link_opts_out_at_once_and_a_forged_one_is_refused(
    conn: &DatabaseConnection,
) {
    let owner = owner(conn).await;
    let li = person(conn, &owner, "李娜", "li.na@example.cn", true).await;
    person(conn, &owner, "张伟", "zhang.wei@example.cn", true).await;
    let segment = newsletter_segment(conn, &owner).await;
    let campaign = service::save(conn, &owner, &draft(segment, 600), Utc::now())
        .await
        .unwrap();
    start_now(conn, &owner, &campaign).await;
    let row = recipient::Entity::find()
        .filter(recipient::Column::ContactId.eq(li.id))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let key = SecretKey::for_tests();
    let links = unsubscribe::links(&key, URL, row.id);
    let token = links.page.split("t=").nth(1).unwrap().to_owned();

    let mut forged = token.clone().into_bytes();
    forged[3] = if forged[3] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let refused = unsubscribe::set(conn, &key, &forged, false, Utc::now()).await;
    assert_eq!(
        refused.unwrap_err().field("token"),
        [Invalid::Link],
        "a token for someone else"
    );
    let other_key = SecretKey::new("another key of at least thirty-two characters").unwrap();
    let other = unsubscribe::links(&other_key, URL, row.id);
    let other = other.page.split("t=").nth(1).unwrap();
    assert!(
        unsubscribe::set(conn, &key, other, false, Utc::now())
            .await
            .is_err()
    );

    let before = contacts::get(conn, &owner, li.id).await.unwrap();
    let out = unsubscribe::set(conn, &key, &token, false, Utc::now())
        .await
        .unwrap();
    assert!(!out.subscribed);
    assert_eq!(out.email, "li.na@example.cn");
    let after = contacts::get(conn, &owner, li.id).await.unwrap();
    assert!(after.unsubscribed);
    assert_eq!(
        after.version,
        before.version + 1,
        "an open edit would conflict"
    );
    // Li Na's message, not sent yet, is not sent now; she counts as excluded.
    let mails = send_all(conn, &message_events(conn).await).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_email, "zhang.wei@example.cn");
    let counts = service::get(conn, &owner, campaign.id)
        .await
        .unwrap()
        .counts;
    assert_eq!(counts.unsubscribed, 1);
    assert_eq!(counts.excluded_unsubscribed, 1);

    let back = unsubscribe::set(conn, &key, &token, true, Utc::now())
        .await
        .unwrap();
    assert!(back.subscribed);
    let after = contacts::get(conn, &owner, li.id).await.unwrap();
    assert!(!after.unsubscribed && after.marketing_consent);
}
db_test!(an_unsubscribe_link_opts_out_at_once_and_a_forged_one_is_refused);

async fn drafts_are_checked_and_only_marketing_sends(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let sales = teammate(conn, &owner, "sales@example.cn", Role::Sales).await;
    let refused = service::save(conn, &sales, &draft(Uuid::nil(), 60), Utc::now()).await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    assert!(matches!(
        service::list(conn, &sales).await,
        Err(AppError::Forbidden)
    ));

    let empty = CampaignForm {
        per_minute: "0".into(),
        segment_id: Uuid::nil().to_string(),
        ..CampaignForm::default()
    };
    let err = service::save(conn, &owner, &empty, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.field("name"), [Invalid::Required]);
    assert_eq!(err.field("subject"), [Invalid::Required]);
    assert_eq!(err.field("text"), [Invalid::Required]);
    assert_eq!(
        err.field("per_minute"),
        [Invalid::Range {
            min: 1,
            max: 60_000
        }]
    );
    assert_eq!(err.field("segment_id"), [Invalid::Choice]);

    let no_audience = CampaignForm {
        segment_id: String::new(),
        ..draft(Uuid::nil(), 60)
    };
    let campaign = service::save(conn, &owner, &no_audience, Utc::now())
        .await
        .unwrap();
    let now = Utc::now();
    let change = |command, at: &'static str, version| {
        service::change(conn, &owner, campaign.id, version, command, at, now)
    };
    let err = change(Command::Schedule, "", campaign.version)
        .await
        .unwrap_err();
    assert_eq!(err.field("segment_id"), [Invalid::Required]);
    let err = change(Command::Pause, "", campaign.version)
        .await
        .unwrap_err();
    assert_eq!(err.field("status"), [Invalid::Transition]);
    let err = change(Command::Schedule, "2001-01-01T08:00", campaign.version)
        .await
        .unwrap_err();
    assert_eq!(err.field("at"), [Invalid::Date]);

    // Scheduled for later, in the user's time zone; back to draft; scheduled again: the first
    // start event, of an older run, starts nothing.
    let segment = newsletter_segment(conn, &owner).await;
    let with_audience = CampaignForm {
        id: campaign.id.to_string(),
        version: campaign.version.to_string(),
        ..draft(segment, 60)
    };
    let saved = service::save(conn, &owner, &with_audience, now)
        .await
        .unwrap();
    let later = (now + TimeDelta::days(2))
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let scheduled = service::change(
        conn,
        &owner,
        saved.id,
        saved.version,
        Command::Schedule,
        &later,
        now,
    )
    .await
    .unwrap();
    let at = scheduled.scheduled_at.unwrap();
    assert!(at > now + TimeDelta::days(2) - TimeDelta::minutes(1));
    let edit = CampaignForm {
        version: scheduled.version.to_string(),
        ..with_audience.clone()
    };
    let err = service::save(conn, &owner, &edit, now).await.unwrap_err();
    assert_eq!(err.field("status"), [Invalid::Transition]);
    let back = change(Command::Unschedule, "", scheduled.version)
        .await
        .unwrap();
    assert_eq!(back.status, Status::Draft);
    let stale = CampaignRun {
        id: campaign.id,
        run: scheduled_run(conn, campaign.id).await - 1,
    };
    sending::start(conn, stale, at).await.unwrap();
    let still = service::get(conn, &owner, campaign.id).await.unwrap();
    assert_eq!(still.status, Status::Draft, "a stale start starts nothing");
}
db_test!(drafts_are_checked_and_only_marketing_sends);

async fn scheduled_run(conn: &DatabaseConnection, id: Uuid) -> i32 {
    super::entity::campaign::Entity::find_by_id(id)
        .one(conn)
        .await
        .unwrap()
        .unwrap()
        .run
}

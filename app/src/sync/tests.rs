//! Service tests of offline sync, each on SQLite and on PostgreSQL: replays change nothing,
//! edits merge field by field, the same field changed on both sides is a conflict, and
//! refusals say why.

use chrono::{NaiveDate, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use uuid::Uuid;

use super::service::sync;
use super::types::{Change, DealEdit, DealValue, Outcome, Queued, Synced, Write};
use crate::core::actor::{Actor, Role};
use crate::customers::history::types::InteractionForm;
use crate::customers::tests::{form, owner, teammate};
use crate::db_test;
use crate::deals::entity::{deal, stage_change};
use crate::deals::pipelines::service as pipelines;
use crate::deals::service as deals;
use crate::deals::tasks::types::TaskForm;
use crate::deals::types::{Card, DealForm, Move, NewDeal};
use crate::error::{AppError, Invalid};
use clean::money::Money;

mod field;

async fn stages(conn: &DatabaseConnection) -> Vec<Uuid> {
    let pipeline = pipelines::all(conn).await.unwrap().remove(0);
    pipeline.stages.into_iter().map(|s| s.id).collect()
}

async fn add_deal(conn: &DatabaseConnection, who: &Actor, stage_id: Uuid) -> Card {
    let deal = NewDeal {
        title: "屏风订单".into(),
        amount: "1000".into(),
        stage_id,
        ..NewDeal::default()
    };
    deals::create(conn, who, &deal).await.unwrap()
}

fn queued(write: Write) -> Queued {
    Queued {
        id: Uuid::now_v7(),
        write,
    }
}

fn to(stage_id: Uuid) -> Move {
    Move {
        stage_id,
        ..Move::default()
    }
}

fn yuan(major: i64) -> Money {
    Money {
        minor: major * 100,
        currency: "CNY".into(),
    }
}

async fn send(conn: &DatabaseConnection, who: &Actor, writes: &[Queued]) -> Vec<Outcome> {
    let synced = sync(conn, who, writes, Utc::now()).await.unwrap();
    assert_eq!(synced.stopped, None);
    synced.outcomes
}

/// A desktop's edit of the deal's amount, made while the phone was offline.
async fn desktop_sets_amount(conn: &DatabaseConnection, who: &Actor, id: Uuid, amount: &str) {
    let deal = deals::get(conn, who, id).await.unwrap();
    let form = DealForm {
        amount: amount.into(),
        ..DealForm::of(&deal)
    };
    deals::update(conn, who, id, deal.version, &form)
        .await
        .unwrap();
}

async fn a_write_sent_again_changes_nothing(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let stages = stages(conn).await;
    let card = add_deal(conn, &owner, stages[0]).await;
    let moved = queued(Write::MoveDeal {
        deal: card.id,
        from: stages[0],
        to: to(stages[1]),
    });
    assert_eq!(
        send(conn, &owner, &[moved.clone()]).await,
        [Outcome::Applied]
    );
    let after_first = deals::get(conn, &owner, card.id).await.unwrap();
    // The answer was lost: the device sends it again, twice, once with a newer write.
    let later = queued(Write::MoveDeal {
        deal: card.id,
        from: stages[1],
        to: to(stages[2]),
    });
    assert_eq!(
        send(conn, &owner, &[moved.clone()]).await,
        [Outcome::Applied]
    );
    assert_eq!(
        send(conn, &owner, &[moved, later]).await,
        [Outcome::Applied, Outcome::Applied]
    );
    let deal = deals::get(conn, &owner, card.id).await.unwrap();
    assert_eq!(deal.stage.id, stages[2]);
    assert_eq!(deal.version, after_first.version + 1);
    // Created, moved once, moved once more: the replay made no third move.
    assert_eq!(stage_change::Entity::find().count(conn).await.unwrap(), 3);
}
db_test!(a_write_sent_again_changes_nothing);

async fn the_same_write_from_several_tabs_at_once_is_applied_once(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let stages = stages(conn).await;
    let card = add_deal(conn, &owner, stages[0]).await;
    let moved = [queued(Write::MoveDeal {
        deal: card.id,
        from: stages[0],
        to: to(stages[1]),
    })];
    let tab = || sync(conn, &owner, &moved, Utc::now());
    let answers = tokio::join!(tab(), tab(), tab(), tab());
    let applied = Synced {
        outcomes: vec![Outcome::Applied],
        stopped: None,
    };
    for answer in [answers.0, answers.1, answers.2, answers.3] {
        assert_eq!(answer.unwrap(), applied);
    }
    assert_eq!(stage_change::Entity::find().count(conn).await.unwrap(), 2);
    let deal = deals::get(conn, &owner, card.id).await.unwrap();
    assert_eq!((deal.stage.id, deal.version), (stages[1], card.version + 1));
}
db_test!(the_same_write_from_several_tabs_at_once_is_applied_once);

async fn edits_of_different_fields_merge(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let stages = stages(conn).await;
    let card = add_deal(conn, &owner, stages[0]).await;
    desktop_sets_amount(conn, &owner, card.id, "2000").await;
    let close = NaiveDate::from_ymd_opt(2026, 12, 24);
    let edit = DealEdit {
        title: Some(Change {
            from: "屏风订单".into(),
            to: "屏风订单（加急）".into(),
        }),
        expected_close: Some(Change {
            from: None,
            to: close,
        }),
        ..DealEdit::default()
    };
    let write = queued(Write::EditDeal {
        deal: card.id,
        edit,
    });
    assert_eq!(send(conn, &owner, &[write]).await, [Outcome::Applied]);
    let deal = deals::get(conn, &owner, card.id).await.unwrap();
    assert_eq!(deal.title, "屏风订单（加急）");
    assert_eq!(deal.expected_close, close);
    assert_eq!(deal.amount, yuan(2000), "the desktop's amount stays");
}
db_test!(edits_of_different_fields_merge);

async fn the_same_field_changed_on_both_sides_waits_for_the_user(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let stages = stages(conn).await;
    let card = add_deal(conn, &owner, stages[0]).await;
    let before = Utc::now();
    desktop_sets_amount(conn, &owner, card.id, "2000").await;
    let edit = DealEdit {
        title: Some(Change {
            from: "屏风订单".into(),
            to: "屏风大单".into(),
        }),
        amount: Some(Change {
            from: yuan(1000),
            to: yuan(1500),
        }),
        ..DealEdit::default()
    };
    let write = queued(Write::EditDeal {
        deal: card.id,
        edit,
    });
    let [Outcome::Conflicts(conflicts)] = &send(conn, &owner, &[write]).await[..] else {
        panic!("expected a conflict");
    };
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!(conflict.mine, DealValue::Amount(yuan(1500)));
    assert_eq!(conflict.theirs, DealValue::Amount(yuan(2000)));
    assert_eq!(conflict.by.as_deref(), Some("王芳"));
    assert!(conflict.at.is_some_and(|at| at >= before));
    let deal = deals::get(conn, &owner, card.id).await.unwrap();
    assert_eq!(
        deal.title, "屏风大单",
        "the field nobody else changed is written"
    );
    assert_eq!(deal.amount, yuan(2000), "the conflicting one is not");

    // "Keep mine": the device sends its value again, over the server's.
    let keep_mine = queued(Write::EditDeal {
        deal: card.id,
        edit: DealEdit {
            amount: Some(Change {
                from: yuan(2000),
                to: yuan(1500),
            }),
            ..DealEdit::default()
        },
    });
    assert_eq!(send(conn, &owner, &[keep_mine]).await, [Outcome::Applied]);
    let deal = deals::get(conn, &owner, card.id).await.unwrap();
    assert_eq!(deal.amount, yuan(1500));
}
db_test!(the_same_field_changed_on_both_sides_waits_for_the_user);

async fn a_card_moved_elsewhere_meanwhile_waits_for_the_user(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let stages = stages(conn).await;
    let card = add_deal(conn, &owner, stages[0]).await;
    deals::move_deal(
        conn,
        &owner,
        card.id,
        card.version,
        &to(stages[2]),
        Utc::now(),
    )
    .await
    .unwrap();
    let write = queued(Write::MoveDeal {
        deal: card.id,
        from: stages[0],
        to: to(stages[1]),
    });
    let [Outcome::Conflicts(conflicts)] = &send(conn, &owner, &[write]).await[..] else {
        panic!("expected a conflict");
    };
    let all = pipelines::all(conn).await.unwrap().remove(0).stages;
    assert_eq!(
        (&conflicts[0].mine, &conflicts[0].theirs),
        (
            &DealValue::Stage {
                id: stages[1],
                name: all[1].name.clone()
            },
            &DealValue::Stage {
                id: stages[2],
                name: all[2].name.clone()
            }
        )
    );
    assert_eq!(conflicts[0].by.as_deref(), Some("王芳"));
    let deal = deals::get(conn, &owner, card.id).await.unwrap();
    assert_eq!(deal.stage.id, stages[2]);

    // Moved within the column the server already put it in: nothing to decide.
    let write = queued(Write::MoveDeal {
        deal: card.id,
        from: stages[0],
        to: to(stages[2]),
    });
    assert_eq!(send(conn, &owner, &[write]).await, [Outcome::Applied]);
}
db_test!(a_card_moved_elsewhere_meanwhile_waits_for_the_user);

async fn refused_writes_say_why_and_the_rest_go_on(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let stages = stages(conn).await;
    let owners = add_deal(conn, &owner, stages[0]).await;
    let reps = add_deal(conn, &rep, stages[0]).await;
    let writes = [
        // Sales edit only their own deals.
        queued(Write::MoveDeal {
            deal: owners.id,
            from: stages[0],
            to: to(stages[1]),
        }),
        // A deal that is gone.
        queued(Write::MoveDeal {
            deal: Uuid::now_v7(),
            from: stages[0],
            to: to(stages[1]),
        }),
        // A stage that was removed.
        queued(Write::MoveDeal {
            deal: reps.id,
            from: stages[0],
            to: to(Uuid::now_v7()),
        }),
        queued(Write::MoveDeal {
            deal: reps.id,
            from: stages[0],
            to: to(stages[1]),
        }),
    ];
    let outcomes = send(conn, &rep, &writes).await;
    assert_eq!(
        outcomes,
        [
            Outcome::Refused(AppError::Forbidden),
            Outcome::Refused(AppError::NotFound),
            Outcome::Refused(AppError::invalid("stage_id", Invalid::Choice)),
            Outcome::Applied,
        ]
    );
    let unmoved = deals::get(conn, &owner, owners.id).await.unwrap();
    assert_eq!(unmoved.stage.id, stages[0]);
    // The answer is kept: the same refusal comes back to a replay.
    assert_eq!(send(conn, &rep, &writes[..1]).await, outcomes[..1]);
    // A write's id is its author's: another user sending it gets nothing of it.
    assert_eq!(
        send(conn, &owner, &writes[3..]).await,
        [Outcome::Refused(AppError::Forbidden)]
    );
}
db_test!(refused_writes_say_why_and_the_rest_go_on);

async fn records_added_offline_keep_their_ids_once(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let stages = stages(conn).await;
    let (contact, deal, call, task) = (
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
    );
    let writes = [
        queued(Write::AddContact {
            contact: crate::customers::types::ContactForm {
                id: Some(contact),
                ..form("陈静")
            },
        }),
        queued(Write::AddDeal {
            deal: NewDeal {
                id: Some(deal),
                title: "茶叶礼盒".into(),
                amount: "880".into(),
                stage_id: stages[0],
                contact_id: Some(contact),
                ..NewDeal::default()
            },
        }),
        queued(Write::Log {
            contact,
            form: InteractionForm {
                id: Some(call),
                kind: "call".into(),
                body: "想要两百盒".into(),
                ..InteractionForm::default()
            },
        }),
        queued(Write::AddTask {
            task: TaskForm {
                id: Some(task),
                title: "寄样品".into(),
                due: "2026-12-10T10:00".into(),
                deal_id: Some(deal),
                ..TaskForm::default()
            },
        }),
        queued(Write::SetTaskDone { task, done: true }),
    ];
    let applied = vec![Outcome::Applied; writes.len()];
    assert_eq!(send(conn, &owner, &writes).await, applied);
    assert_eq!(send(conn, &owner, &writes).await, applied);
    let card = deals::get(conn, &owner, deal).await.unwrap();
    assert_eq!(card.contact_id, Some(contact));
    assert_eq!(card.contact_name.as_deref(), Some("陈静"));
    use crate::customers::entity::contact as contacts;
    use crate::customers::history::entity::interaction;
    use crate::deals::tasks::entity as tasks;
    assert_eq!(contacts::Entity::find().count(conn).await.unwrap(), 1);
    assert_eq!(deal::Entity::find().count(conn).await.unwrap(), 1);
    let calls = interaction::Entity::find().all(conn).await.unwrap();
    assert_eq!(calls.iter().map(|c| c.id).collect::<Vec<_>>(), [call]);
    let tasks = tasks::Entity::find().all(conn).await.unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!((tasks[0].id, tasks[0].done_at.is_some()), (task, true));
}
db_test!(records_added_offline_keep_their_ids_once);

async fn a_record_added_offline_needs_a_device_id(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let stages = stages(conn).await;
    let deal = |id| {
        queued(Write::AddDeal {
            deal: NewDeal {
                id,
                title: "茶叶礼盒".into(),
                stage_id: stages[0],
                ..NewDeal::default()
            },
        })
    };
    assert_eq!(
        send(conn, &owner, &[deal(None), deal(Some(Uuid::from_u128(42)))]).await,
        [
            Outcome::Refused(AppError::invalid("id", Invalid::Required)),
            Outcome::Refused(AppError::invalid("id", Invalid::Choice)),
        ]
    );
    assert_eq!(deal::Entity::find().count(conn).await.unwrap(), 0);
    let too_many: Vec<Queued> = (0..=super::types::BATCH).map(|_| deal(None)).collect();
    assert_eq!(
        sync(conn, &owner, &too_many, Utc::now()).await,
        Err(AppError::invalid(
            "writes",
            Invalid::TooLong {
                max: super::types::BATCH
            }
        ))
    );
}
db_test!(a_record_added_offline_needs_a_device_id);

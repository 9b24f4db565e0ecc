use chrono::{TimeDelta, Utc};
use sea_orm::DatabaseConnection;

use super::schedule::{Shelf, make_now, overview, run_due, save};
use super::types::ScheduleForm;
use crate::core::actor::Role;
use crate::core::files::Store;
use crate::customers::tests::{owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};

fn shelf() -> Shelf {
    Shelf {
        folder: std::env::temp_dir().join(format!("banyan-backups-{}", uuid::Uuid::now_v7())),
        passphrase: None,
    }
}

fn names(shelf: &Shelf) -> Vec<String> {
    shelf.list().unwrap().into_iter().map(|f| f.name).collect()
}

fn form(daily: bool, keep: &str, version: i32) -> ScheduleForm {
    ScheduleForm {
        daily: daily.then(|| "on".to_owned()),
        keep: keep.into(),
        version,
    }
}

async fn the_owner_schedules_backups_and_the_folder_keeps_the_newest(conn: &DatabaseConnection) {
    let (owner, store, shelf) = (owner(conn).await, Store::temporary(), shelf());
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let first = overview(conn, &owner, &shelf).await.unwrap();
    assert_eq!((first.daily, first.keep, first.version), (false, 7, 0));
    assert!(first.files.is_empty());
    assert_eq!(
        overview(conn, &rep, &shelf).await.err(),
        Some(AppError::Forbidden)
    );
    assert_eq!(
        save(conn, &rep, &shelf, &form(true, "3", 0)).await.err(),
        Some(AppError::Forbidden)
    );
    assert_eq!(
        make_now(conn, &rep, &store, &shelf).await.err(),
        Some(AppError::Forbidden)
    );

    let range = Invalid::Range { min: 1, max: 365 };
    for keep in ["0", "366", "a week", ""] {
        let refused = save(conn, &owner, &shelf, &form(true, keep, 0)).await;
        assert_eq!(
            refused.err(),
            Some(AppError::invalid("keep", range.clone()))
        );
    }
    let saved = save(conn, &owner, &shelf, &form(true, "2", 0))
        .await
        .unwrap();
    assert_eq!((saved.daily, saved.keep, saved.version), (true, 2, 1));
    let stale = save(conn, &owner, &shelf, &form(false, "5", 0)).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");

    // Files of others in the folder are neither listed nor removed.
    std::fs::create_dir_all(&shelf.folder).unwrap();
    for other in ["notes.txt", "banyan-yesterday.banyan"] {
        std::fs::write(shelf.folder.join(other), "mine").unwrap();
    }
    let now = Utc::now();
    let day = TimeDelta::hours(24);
    let made = run_due(conn, &store, &shelf, now).await.unwrap().unwrap();
    assert_eq!(
        run_due(conn, &store, &shelf, now + TimeDelta::hours(23)).await,
        Ok(None)
    );
    let second = run_due(conn, &store, &shelf, now + day)
        .await
        .unwrap()
        .unwrap();
    let third = run_due(conn, &store, &shelf, now + day * 2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(names(&shelf), [third.name.clone(), second.name]);
    assert!(!shelf.folder.join(&made.name).exists());
    for other in ["notes.txt", "banyan-yesterday.banyan"] {
        assert!(shelf.folder.join(other).exists(), "{other}");
    }
    assert_eq!(shelf.path_of("../secret.key"), None);
    assert_eq!(shelf.path_of("banyan-yesterday.banyan"), None);

    // What the server made restores.
    let target = crate::testing::TestDb::like(conn).await;
    let file = std::fs::File::open(shelf.path_of(&third.name).unwrap()).unwrap();
    let restored = super::file::restore(&target.conn, &Store::temporary(), file, None)
        .await
        .unwrap();
    assert_eq!(restored.totals.rows["users"], 2);
    target.remove().await;

    let off = save(conn, &owner, &shelf, &form(false, "2", 1))
        .await
        .unwrap();
    assert!(!off.daily);
    assert_eq!(run_due(conn, &store, &shelf, now + day * 9).await, Ok(None));
    let by_hand = make_now(conn, &owner, &store, &shelf).await.unwrap();
    assert_eq!(by_hand.files.len(), 2);
    std::fs::remove_dir_all(&shelf.folder).unwrap();
}
db_test!(the_owner_schedules_backups_and_the_folder_keeps_the_newest);

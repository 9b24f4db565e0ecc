use std::collections::HashMap;

use app::core::audit::chain::verify;
use uuid::Uuid;

use super::*;
use crate::cli::seed::{Volume, demo};

fn config_of(vars: &[(&str, &str)]) -> Config {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_vars(|name| vars.get(name).cloned()).unwrap()
}

#[tokio::test]
async fn a_rotation_moves_the_workspace_to_a_new_key_and_keeps_the_old_one_retired() {
    let dir = std::env::temp_dir().join(format!("banyan-rotate-{}", Uuid::now_v7()));
    let config = config_of(&[("BANYAN_DATA_DIR", &dir.display().to_string())]);
    let conn = config.open_database().await.unwrap();
    db::migrate(&conn).await.unwrap();
    demo(&conn, 1, Volume::Month).await.unwrap();
    for city in ["上海", "杭州", "深圳"] {
        let entry = audit::Entry::new(None, "contact.update", "contact", Some(Uuid::now_v7()))
            .changes(serde_json::json!({ "city": [null, city] }));
        audit::record(&conn, entry).await.unwrap();
    }
    let old = config.load_secret_key().unwrap();
    audit::chain::extend(&conn, &old).await.unwrap();
    let before = verify(&conn, &old).await.unwrap();
    assert!(
        before.linked > 0 && before.broken_at.is_none(),
        "{before:?}"
    );

    // A rotation cut off before the database moved left its file: the next one removes it.
    let staged = dir.join("secret.key.new");
    std::fs::write(&staged, "e".repeat(40)).unwrap();
    let rotated = rotate(&config, &conn).await.unwrap();
    assert_eq!(rotated.relinked, before.linked);
    assert!(!staged.exists());
    let new = config.load_secret_key().unwrap();
    let file = std::fs::read_to_string(dir.join("secret.key")).unwrap();
    assert_eq!(file.lines().count(), 2, "the new key, then the old one");
    let after = verify(&conn, &new).await.unwrap();
    assert_eq!((after.linked, after.broken_at), (before.linked, None));
    assert_eq!(verify(&conn, &old).await.unwrap().broken_at, Some(1));

    // One cut off after the database moved, before the file was put in place: the next
    // rotation puts it there first, and rotates from it.
    std::fs::rename(dir.join("secret.key"), &staged).unwrap();
    std::fs::write(dir.join("secret.key"), "e".repeat(40)).unwrap();
    rotate(&config, &conn).await.unwrap();
    let newest = config.load_secret_key().unwrap();
    assert_eq!(verify(&conn, &newest).await.unwrap().broken_at, None);
    let file = std::fs::read_to_string(dir.join("secret.key")).unwrap();
    assert_eq!(file.lines().count(), 3);

    let from_env = config_of(&[
        ("BANYAN_DATA_DIR", &dir.display().to_string()),
        ("BANYAN_SECRET_KEY", &"e".repeat(40)),
    ]);
    let refused = rotate(&from_env, &conn).await.unwrap_err().to_string();
    assert!(refused.contains("BANYAN_SECRET_KEY"), "{refused}");
    std::fs::remove_dir_all(&dir).unwrap();
}

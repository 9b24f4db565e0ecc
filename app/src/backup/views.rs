use leptos::prelude::*;

use super::api::{BackUpNow, SaveBackupSchedule, get_backups};
use super::types::{BackupFile, Backups};
use crate::i18n::{Locale, fill, format, use_messages};
use crate::tickets::attachments::types::size_text;
use crate::ui::form::{Field, FormAlert, answer_of, errors_of, successes};
use crate::ui::loading::Loading;
use crate::ui::toast::toast_successes;

/// Settings' backups: the daily schedule, a backup now, and the backups the server keeps.
#[component]
pub fn BackupsCard() -> impl IntoView {
    let t = use_messages();
    let save = ServerAction::<SaveBackupSchedule>::new();
    let now = ServerAction::<BackUpNow>::new();
    let (saved, made) = (successes(save), successes(now));
    let backups = Resource::new(move || (saved.get(), made.get()), |_| get_backups());
    toast_successes(save, move |_| t.saved.to_owned());
    toast_successes(now, move |_| t.backup_made.to_owned());
    view! {
        <section class="card" data-testid="backups">
            <h2>{t.backup_title}</h2>
            <Loading>
                {move || Suspend::new(async move {
                    backups.await.map(|backups| view! { <Schedule backups save now /> })
                })}
            </Loading>
        </section>
    }
}

#[component]
fn Schedule(
    backups: Backups,
    save: ServerAction<SaveBackupSchedule>,
    now: ServerAction<BackUpNow>,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(save);
    let made = answer_of(now);
    let where_to = fill(t.backup_folder, &[("folder", &backups.folder)]);
    view! {
        <p class="muted path">{where_to} " " {if backups.sealed { t.backup_sealed } else { t.backup_not_sealed }}</p>
        <ActionForm action=save>
            <input type="hidden" name="form[version]" value=backups.version.to_string() />
            <label class="check">
                <input type="checkbox" name="form[daily]" value="on" checked=backups.daily />
                <span>{t.backup_daily}</span>
            </label>
            <Field
                label=t.backup_keep
                name="keep"
                group="form"
                kind="number"
                value=backups.keep.to_string()
                hint=t.backup_keep_hint
                errors=errors_of(answer, "keep")
            />
            <FormAlert answer />
            <button class="button" type="submit" disabled=save.pending()>{t.backup_save}</button>
        </ActionForm>
        <ActionForm action=now>
            <FormAlert answer=made />
            <button class="button secondary" type="submit" disabled=now.pending()>
                {move || if now.pending().get() { t.backup_making } else { t.backup_now }}
            </button>
        </ActionForm>
        <BackupList files=backups.files zone=backups.zone />
    }
}

#[component]
fn BackupList(files: Vec<BackupFile>, zone: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    if files.is_empty() {
        return view! { <p class="muted">{t.backup_none}</p> }.into_any();
    }
    view! {
        <ul class="rows" aria-label=t.backup_title>
            {files.into_iter().map(|file| view! {
                <li class="row">
                    <div>
                        <strong>{format::datetime(file.made_at, &zone, locale)}</strong>
                        <p class="muted">{file.name} " · " {size_text(file.bytes as i64)}</p>
                    </div>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

use leptos::prelude::*;

use crate::i18n::use_messages;
use crate::tickets::desk::api::{AddHoliday, RemoveHoliday};
use crate::tickets::desk::types::DeskSettings;
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};

/// The days the desk is closed, and adding or removing one.
#[component]
pub fn Holidays(
    desk: DeskSettings,
    add: ServerAction<AddHoliday>,
    remove: ServerAction<RemoveHoliday>,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(add);
    let removed = answer_of(remove);
    let can_edit = desk.can_edit;
    let list = desk
        .holidays
        .into_iter()
        .map(|h| {
            view! {
                <li data-testid="holiday">
                    <span><strong>{h.day.to_string()}</strong> " " {h.name}</span>
                    {can_edit.then(|| view! {
                        <ActionForm action=remove>
                            <input type="hidden" name="day" value=h.day.to_string() />
                            <button type="submit" class="link-button">{t.remove}</button>
                        </ActionForm>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="holidays">
            <h2>{t.desk_holidays}</h2>
            <p class="muted">{t.desk_holidays_hint}</p>
            <ul class="rows">{list}</ul>
            <FormAlert answer=removed />
            {can_edit.then(|| view! {
                <ActionForm action=add>
                    <div class="grid-form">
                        <Field label=t.desk_holiday_day name="day" group="form" kind="date" errors=errors_of(answer, "day") required=true scope="holiday" />
                        <Field label=t.desk_holiday_name name="name" group="form" errors=errors_of(answer, "name") required=true scope="holiday" />
                    </div>
                    <FormAlert answer />
                    <button type="submit" class="button secondary" disabled=add.pending()>{t.desk_holiday_add}</button>
                </ActionForm>
            })}
        </section>
    }
}

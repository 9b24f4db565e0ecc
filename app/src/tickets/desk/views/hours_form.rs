use leptos::prelude::*;

use crate::core::code::TextCode;
use crate::i18n::choices::TIME_ZONES;
use crate::i18n::{Locale, fill, use_messages};
use crate::tickets::desk::api::SaveDesk;
use crate::tickets::desk::types::DeskSettings;
use crate::ui::form::{Answer, Field, FormAlert, answer_of, errors_of};
use crate::ui::table_scroll::TableScroll;

/// The reasons the last answer gave for a field whose name is made at run time.
fn refused(answer: Answer<DeskSettings>, field: String) -> Signal<Vec<String>> {
    let t = use_messages();
    Signal::derive(move || {
        answer.with(|answer| match answer {
            Some(Err(err)) => err.field(&field).iter().map(|why| t.invalid(why)).collect(),
            _ => Vec::new(),
        })
    })
}

/// The working days and hours, their time zone and each priority's targets, as one form.
#[component]
pub fn HoursForm(desk: DeskSettings, save: ServerAction<SaveDesk>) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let answer = answer_of(save);
    let workspace = fill(t.desk_zone_workspace, &[("zone", &desk.workspace_zone)]);
    let chosen_zone = desk.time_zone.clone().unwrap_or_default();
    let zones = std::iter::once((String::new(), workspace))
        .chain(
            TIME_ZONES
                .iter()
                .map(|z| (z.code.to_owned(), z.name(locale).to_owned())),
        )
        .map(|(value, label)| {
            let chosen = value == chosen_zone;
            view! { <option value=value selected=chosen>{label}</option> }
        })
        .collect_view();
    let days = t
        .weekdays()
        .into_iter()
        .zip(desk.days)
        .enumerate()
        .map(|(i, (name, works))| {
            view! {
                <label class="check day">
                    <input type="checkbox" name=format!("form[days][{i}]") value=i.to_string() checked=works />
                    <span>{name}</span>
                </label>
            }
        })
        .collect_view();
    let targets = desk
        .targets
        .into_iter()
        .enumerate()
        .map(|(i, target)| {
            let first = refused(answer, format!("targets.{i}.first_response"));
            let resolve = refused(answer, format!("targets.{i}.resolve"));
            let label = t.priority(target.priority);
            view! {
                <tr data-testid="target-row" data-priority=target.priority.as_str()>
                    <th scope="row">
                        {label}
                        <input type="hidden" name=format!("form[targets][{i}][priority]") value=target.priority.as_str() />
                    </th>
                    <td>
                        <input type="text" inputmode="decimal" size="5" required
                            name=format!("form[targets][{i}][first_response]")
                            aria-label=format!("{label} · {}", t.desk_first_response)
                            value=target.first_response />
                        <div class="field-errors" aria-live="polite">{move || first.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}</div>
                    </td>
                    <td>
                        <input type="text" inputmode="decimal" size="5" required
                            name=format!("form[targets][{i}][resolve]")
                            aria-label=format!("{label} · {}", t.desk_resolution)
                            value=target.resolve />
                        <div class="field-errors" aria-live="polite">{move || resolve.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}</div>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let day_errors = errors_of(answer, "days");
    let zone_errors = errors_of(answer, "time_zone");
    view! {
        <ActionForm action=save attr:class="card desk-form" attr:data-testid="desk-form">
            <input type="hidden" name="form[version]" value=desk.version.to_string() />
            <fieldset disabled=!desk.can_edit>
                <h2>{t.desk_hours}</h2>
                <p class="muted">{t.desk_hours_hint}</p>
                <fieldset>
                    <legend>{t.desk_days}</legend>
                    <div class="days">{days}</div>
                    <div class="field-errors" aria-live="polite">{move || day_errors.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}</div>
                </fieldset>
                <div class="grid-form">
                    <Field label=t.desk_opens name="opens" group="form" kind="time" value=desk.opens errors=errors_of(answer, "opens") required=true />
                    <Field label=t.desk_closes name="closes" group="form" kind="time" value=desk.closes errors=errors_of(answer, "closes") required=true hint=t.desk_closes_hint />
                </div>
                <div class="field">
                    <label for="desk-zone">{t.field_time_zone}</label>
                    <select id="desk-zone" name="form[time_zone]">{zones}</select>
                    <div class="field-errors" aria-live="polite">{move || zone_errors.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}</div>
                </div>
                <h2>{t.desk_targets}</h2>
                <p class="muted">{t.desk_targets_hint}</p>
                <TableScroll label=t.desk_targets>
                    <table class="targets">
                        <thead>
                            <tr>
                                <th scope="col">{t.ticket_priority}</th>
                                <th scope="col">{t.desk_first_response}</th>
                                <th scope="col">{t.desk_resolution}</th>
                            </tr>
                        </thead>
                        <tbody>{targets}</tbody>
                    </table>
                </TableScroll>
                <FormAlert answer />
                {desk.can_edit.then(|| view! {
                    <button type="submit" class="button" disabled=save.pending()>{t.save}</button>
                })}
            </fieldset>
        </ActionForm>
    }
}

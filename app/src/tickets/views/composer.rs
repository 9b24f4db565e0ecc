use leptos::prelude::*;

use crate::core::code::TextCode;
use crate::i18n::use_messages;
use crate::tickets::api::{ReplyTicket, list_canned};
use crate::tickets::attachments::views::{FilePicker, Upload, Uploads};
use crate::tickets::types::{PLACEHOLDERS, Placeholders, Status, Thread, fill_placeholders};
use crate::ui::form::{FormAlert, answer_of, errors_of};
use crate::ui::viewer::use_viewer;

/// The composer's text box, which `r` and a link to `#reply` go to.
pub const COMPOSER: &str = "composer-body";

/// Writes a reply to the customer or an internal note, with a canned reply filled in for this
/// ticket, and says what status the ticket takes when it is sent.
#[component]
pub fn Composer(
    thread: Thread,
    reply: ServerAction<ReplyTicket>,
    /// The text being written; it outlives reloads of the thread and empties once sent.
    draft: RwSignal<String>,
    /// Whether it is an internal note, kept like the text.
    note: RwSignal<bool>,
    /// The files that go with it, kept like the text.
    uploads: Uploads,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(reply);
    let body_errors = errors_of(answer, "body");
    let status_errors = errors_of(answer, "status");
    let canned = Resource::new(|| (), |_| list_canned());
    // The inbox's `r` opens a ticket at its composer.
    Effect::new(|_| {
        if window()
            .location()
            .hash()
            .is_ok_and(|hash| hash == "#reply")
        {
            crate::ui::keys::focus(COMPOSER.to_owned());
        }
    });
    let viewer = use_viewer();
    let ticket = thread.ticket;
    let ticket_id = ticket.id;
    // A reply goes with the files the agent chose, so it waits until they are up.
    let sending =
        move || uploads.with(|list| list.iter().any(|u| matches!(u, Upload::Sending { .. })));
    let from = ticket.status;
    let statuses = Status::ALL
        .iter()
        .filter(|s| **s != Status::New && from.may_become(**s))
        .map(|s| (s.as_str(), t.ticket_status(*s)))
        .collect::<Vec<_>>();
    let insert = StoredValue::new((
        ticket.contact_name,
        ticket.contact_given_name,
        ticket.number,
        ticket.subject,
    ));
    view! {
        <ActionForm action=reply attr:class="card composer" attr:data-testid="composer">
            <input type="hidden" name="id" value=ticket.id.to_string() />
            <input type="hidden" name="version" value=ticket.version.to_string() />
            <div class="composer-tools">
                <label class="check">
                    <input type="checkbox" name="form[note]" value="true" prop:checked=move || note.get() on:change=move |ev| note.set(event_target_checked(&ev)) />
                    <span>{t.composer_note}</span>
                </label>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let agent = viewer.await.ok().flatten().map(|v| v.user.name).unwrap_or_default();
                        canned.await.map(|replies| {
                            let options = replies.iter().map(|r| view! { <option value=r.id.to_string()>{r.title.clone()}</option> }).collect_view();
                            let pick = move |ev| {
                                let id = event_target_value(&ev);
                                let Some(chosen) = replies.iter().find(|r| r.id.to_string() == id) else { return };
                                let text = insert.with_value(|(name, given, number, subject)| fill_placeholders(&chosen.body, &Placeholders {
                                    name,
                                    first_name: given.as_deref(),
                                    ticket: *number,
                                    subject,
                                    agent: &agent,
                                }));
                                draft.update(|d| {
                                    if !d.is_empty() { d.push_str("\n\n"); }
                                    d.push_str(&text);
                                });
                            };
                            view! {
                                <label class="inline">
                                    <span>{t.composer_canned}</span>
                                    <select on:change=pick prop:value="" data-testid="canned-picker">
                                        <option value="">{t.composer_canned_pick}</option>
                                        {options}
                                    </select>
                                </label>
                            }
                        })
                    })}
                </Transition>
            </div>
            <label class="sr-only" for=COMPOSER>{t.composer_body}</label>
            <textarea
                id=COMPOSER
                name="form[body]"
                rows="6"
                class:note-body=move || note.get()
                required
                placeholder=move || if note.get() { t.composer_note_hint } else { t.composer_reply_hint }
                aria-invalid=move || (!body_errors.get().is_empty()).to_string()
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
            ></textarea>
            <div class="field-errors" aria-live="polite">
                {move || body_errors.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}
            </div>
            <p class="hint">{t.composer_placeholders} " " {PLACEHOLDERS.join(" ")}</p>
            <FilePicker ticket=ticket_id uploads />
            <div class="composer-send">
                <label class="inline">
                    <span>{t.composer_status}</span>
                    <select name="form[status]">
                        <option value="">{t.composer_status_keep}</option>
                        {statuses.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="button" disabled=move || reply.pending().get() || sending()>
                    {move || if note.get() { t.composer_add_note } else { t.composer_send }}
                </button>
            </div>
            <div class="field-errors" aria-live="polite">
                {move || status_errors.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}
            </div>
            <FormAlert answer />
        </ActionForm>
    }
}

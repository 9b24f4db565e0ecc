use leptos::prelude::*;
use uuid::Uuid;

use crate::core::code::TextCode;
use crate::core::offline::use_reach;
use crate::customers::history::api::LogInteraction;
use crate::customers::history::types::{Direction, InteractionForm, InteractionKind};
use crate::customers::views::KeptContacts;
use crate::error::AppError;
use crate::i18n::{Messages, use_messages};
use crate::ui::fold::{Fold, fold_when_saved};
use crate::ui::form::{Field, FormAlert, Select, TextArea, answer_of, errors_of, save_offline};
use crate::ui::toast::use_toasts;

/// Whether the call and note forms are open, held by the contact page so that its action bar
/// can open them from the top of the screen.
#[derive(Clone, Copy)]
pub struct QuickLog {
    pub call: RwSignal<bool>,
    pub note: RwSignal<bool>,
}

/// The kinds the "other" form offers; calls and notes have their own buttons.
const OTHER: [InteractionKind; 3] = [
    InteractionKind::Email,
    InteractionKind::Meeting,
    InteractionKind::Sms,
];

fn direction_options(t: &'static Messages) -> Vec<(String, String)> {
    Direction::ALL
        .iter()
        .map(|d| (d.as_str().to_owned(), t.direction(*d).to_owned()))
        .collect()
}

/// A button that opens a small form to log one kind of interaction (`None`: the user picks
/// email, meeting or SMS). A call needs no more than the button and Save.
#[component]
pub fn LogForm(
    contact_id: Uuid,
    kind: Option<InteractionKind>,
    label: &'static str,
    changed: RwSignal<u32>,
    /// Whether the form is open, where someone else may open it.
    #[prop(default = None)]
    open: Option<RwSignal<bool>>,
) -> impl IntoView {
    let t = use_messages();
    let toasts = use_toasts();
    let log = ServerAction::<LogInteraction>::new();
    let answer = answer_of(log);
    let open = open.unwrap_or_else(|| RwSignal::new(false));
    let form = NodeRef::new();
    fold_when_saved(answer, open, form, move || {
        toasts.show(t.logged);
        changed.update(|n| *n += 1);
    });
    let scope = kind.map_or("other", |k| k.as_str());
    let is_note = kind == Some(InteractionKind::Note);
    let kind_field = match kind {
        Some(kind) => {
            view! { <input type="hidden" name="form[kind]" value=kind.as_str() /> }.into_any()
        }
        None => {
            let options: Vec<_> = OTHER
                .iter()
                .map(|k| (k.as_str().to_owned(), t.interaction(*k).to_owned()))
                .collect();
            view! {
                <Select
                    label=t.field_kind
                    name="kind"
                    group="form"
                    scope=scope
                    options
                    selected="email"
                    errors=errors_of(answer, "kind")
                />
            }
            .into_any()
        }
    };
    let kept = use_context::<KeptContacts>();
    let refused = RwSignal::new(None::<AppError>);
    let log_offline = save_offline(use_reach(), move |posted| {
        let Some(kept) = kept else {
            return false;
        };
        let field = |name: &str| posted.get(&format!("form[{name}]"));
        let written = InteractionForm {
            kind: field("kind"),
            direction: field("direction"),
            occurred_at: field("occurred_at"),
            subject: field("subject"),
            body: field("body"),
            id: None,
        };
        leptos::task::spawn_local(async move {
            match (kept.log)(contact_id, written).await {
                Ok(_) => {
                    refused.set(None);
                    if let Some(form) = form.get_untracked() {
                        form.reset();
                    }
                    open.set(false);
                    toasts.show(t.logged);
                    changed.update(|n| *n += 1);
                }
                Err(err) => refused.set(Some(err)),
            }
        });
        true
    });
    view! {
        <Fold label testid=format!("log-{scope}") open>
            <div on:submit:capture=log_offline>
            <ActionForm action=log node_ref=form attr:class="log-form">
                <input type="hidden" name="contact_id" value=contact_id.to_string() />
                {kind_field}
                {(!is_note)
                    .then(|| {
                        view! {
                            <Select
                                label=t.field_direction
                                name="direction"
                                group="form"
                                scope=scope
                                options=direction_options(t)
                                selected="outbound"
                                errors=errors_of(answer, "direction")
                            />
                        }
                    })}
                <Field
                    label=t.field_occurred_at
                    name="occurred_at"
                    group="form"
                    scope=scope
                    kind="datetime-local"
                    errors=errors_of(answer, "occurred_at")
                />
                {kind
                    .is_none()
                    .then(|| {
                        view! {
                            <Field
                                label=t.field_subject
                                name="subject"
                                group="form"
                                scope=scope
                                errors=errors_of(answer, "subject")
                            />
                        }
                    })}
                <TextArea
                    label=t.field_notes
                    name="body"
                    group="form"
                    scope=scope
                    required=is_note
                    errors=errors_of(answer, "body")
                />
                <FormAlert answer />
                {move || refused.get().map(|err| view! { <div class="alert error" role="alert">{t.refusal(&err)}</div> })}
                <button class="button" type="submit" disabled=log.pending()>
                    {t.save}
                </button>
            </ActionForm>
            </div>
        </Fold>
    }
}

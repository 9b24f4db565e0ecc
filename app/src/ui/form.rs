//! Form fields that show, beside each field, what the server refused in it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;

use crate::core::offline::Reach;
use crate::error::AppError;
use crate::i18n::use_messages;

/// The last answer of an action, as its form reads it.
pub type Answer<T> = Signal<Option<Result<T, AppError>>>;

/// Follows the answers of a server action.
pub fn answer_of<S>(action: ServerAction<S>) -> Answer<S::Output>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get())
}

/// A form's fields by name (`form[title]`), as the browser would post them.
pub struct Posted(web_sys::FormData);

impl Posted {
    pub fn get(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }
}

/// Saves a form on the device instead of sending it while the app works offline. Put on an
/// element around the form as `on:submit:capture`, it hears the submit before the form's own
/// handler (an `ActionForm`'s, which would send it), and gives `save` the form's fields;
/// a form `save` does not take (it answers false) goes to the server as it would.
pub fn save_offline(
    reach: Reach,
    save: impl Fn(&Posted) -> bool + 'static,
) -> impl Fn(SubmitEvent) {
    move |ev: SubmitEvent| {
        if !reach.working_offline() {
            return;
        }
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok());
        let Some(posted) = form.and_then(|f| web_sys::FormData::new_with_form(&f).ok()) else {
            return;
        };
        if save(&Posted(posted)) {
            ev.prevent_default();
            ev.stop_propagation();
        }
    }
}

/// How many times the action succeeded. A resource keyed on it reloads after a save but not
/// after a refusal, which would redraw the form and wipe what the person typed.
pub fn successes<S>(action: ServerAction<S>) -> Signal<usize>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let count = RwSignal::new(0);
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            count.update(|n| *n += 1);
        }
    });
    count.into()
}

/// The translated reasons the last answer gave for refusing `field`.
pub fn errors_of<T: Send + Sync + 'static>(
    answer: Answer<T>,
    field: &'static str,
) -> Signal<Vec<String>> {
    let t = use_messages();
    Signal::derive(move || {
        answer.with(|answer| match answer {
            Some(Err(err)) => err.field(field).iter().map(|why| t.invalid(why)).collect(),
            _ => Vec::new(),
        })
    })
}

/// The DOM id of a field: unique on the page as long as forms that share field names each
/// have their own `scope`.
fn field_id(scope: Option<&'static str>, name: &'static str) -> String {
    match scope {
        Some(scope) => format!("field-{scope}-{name}"),
        None => format!("field-{name}"),
    }
}

/// The name a form input posts under: `group[name]` for a field of a struct argument.
fn input_name(group: Option<&'static str>, name: &'static str) -> String {
    match group {
        Some(group) => format!("{group}[{name}]"),
        None => name.to_owned(),
    }
}

/// A labelled input; its errors are announced to screen readers with the field.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(optional, into)] errors: Signal<Vec<String>>,
    /// The server function argument this field belongs to, if it takes a struct.
    #[prop(optional)]
    group: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// A sentence under the field that says how to fill it.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Tells this field's id apart from a same-named field of another form on the page.
    #[prop(optional)]
    scope: Option<&'static str>,
    /// The id of a `<datalist>` whose values the browser offers while typing.
    #[prop(optional)]
    suggestions: Option<&'static str>,
    /// The keyboard a phone shows (`numeric` for codes).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(scope, name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let invalid = move || !errors.get().is_empty();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=input_name(group, name)
                type=kind
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                list=suggestions
                required=required
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldErrors id=error_id errors />
        </div>
    }
}

/// A labelled choice among options (`value`, `label`).
#[component]
pub fn Select(
    label: &'static str,
    name: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: String,
    #[prop(optional, into)] errors: Signal<Vec<String>>,
    #[prop(optional)] group: Option<&'static str>,
    #[prop(optional)] scope: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(scope, name);
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || !errors.get().is_empty()>
            <label for=id.clone()>{label}</label>
            <select id=id name=input_name(group, name) aria-describedby=error_id.clone()>
                {option_list(options, &selected)}
            </select>
            <FieldErrors id=error_id errors />
        </div>
    }
}

/// The `<option>`s of a choice (`value`, `label`), the `selected` one chosen. When the options
/// are read again, those that stay are kept in place, so a choice not saved yet survives.
pub fn option_list(
    options: Signal<Vec<(String, String)>>,
    selected: &str,
) -> impl IntoView + use<> {
    let selected = selected.to_owned();
    view! {
        <For
            each=move || options.get()
            key=|option| option.clone()
            children=move |(value, text)| {
                let chosen = value == selected;
                view! { <option value=value selected=chosen>{text}</option> }
            }
        />
    }
}

/// A choice in a row of a list (a teammate's role, a team's lead): the row says whose it is,
/// so its label is for screen readers only.
#[component]
pub fn RowSelect(
    id: String,
    label: &'static str,
    name: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: String,
) -> impl IntoView {
    view! {
        <label class="sr-only" for=id.clone()>{label}</label>
        <select id=id name=name>
            {option_list(options, &selected)}
        </select>
    }
}

/// A labelled text of several lines (notes, messages).
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into)] errors: Signal<Vec<String>>,
    #[prop(optional)] group: Option<&'static str>,
    #[prop(optional)] scope: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// What it holds when the form opens (an edit).
    #[prop(optional, into)]
    value: String,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let id = field_id(scope, name);
    let error_id = format!("{id}-error");
    let invalid = move || !errors.get().is_empty();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                name=input_name(group, name)
                rows=rows
                required=required
                aria-invalid=move || invalid().to_string()
                aria-describedby=error_id.clone()
            >{value}</textarea>
            <FieldErrors id=error_id errors />
        </div>
    }
}

/// The reasons a field (or a group of fields) was refused, for its `aria-describedby`.
#[component]
pub fn FieldErrors(id: String, errors: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <div id=id class="field-errors" aria-live="polite">
            {move || errors.get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}
        </div>
    }
}

/// What went wrong with the whole form. Reasons about single fields are shown beside those
/// fields, unless `with_fields` asks for them here (forms whose fields are not inputs).
#[component]
pub fn FormAlert<T: Clone + Send + Sync + 'static>(
    answer: Answer<T>,
    #[prop(optional)] with_fields: bool,
) -> impl IntoView {
    let t = use_messages();
    let message = move || match answer.get() {
        Some(Err(err @ AppError::Validation(_))) if with_fields => Some(t.refusal(&err)),
        Some(Err(AppError::Validation(_))) | Some(Ok(_)) | None => None,
        Some(Err(err)) => Some(t.error(&err)),
    };
    view! {
        <Show when=move || message().is_some()>
            <div class="alert error" role="alert">{message}</div>
        </Show>
    }
}

use leptos::prelude::*;

use crate::customers::segments::api::SaveSegment;
use crate::customers::segments::types::NewSegment;
use crate::i18n::use_messages;
use crate::ui::form::{FormAlert, answer_of, errors_of};

/// A segment's name and the button that saves it: `segment` makes what to save from the name
/// when submitted (nothing, when nothing is picked); `save`'s answer tells the rest.
#[component]
pub fn SaveSegmentForm(
    save: ServerAction<SaveSegment>,
    name: RwSignal<String>,
    segment: impl Fn(String) -> Option<NewSegment> + 'static,
    button: &'static str,
    class: &'static str,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(save);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(segment) = segment(name.get_untracked()) {
            save.dispatch(SaveSegment { segment });
        }
    };
    view! {
        <form class=class on:submit=submit>
            <label>
                <span>{t.segment_name}</span>
                <input type="text" name="name" maxlength="100" required
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <button class="button" type="submit" disabled=save.pending()>{button}</button>
            <div class="field-errors">{move || errors_of(answer, "name").get().into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}</div>
            <FormAlert answer with_fields=false />
        </form>
    }
}

//! Single-key shortcuts for screens people work in all day (the inbox, a ticket), and moving
//! the keyboard focus once a redraw is done.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};

/// Whether a key press is someone writing: in a text field, or with a modifier held. A
/// shortcut must never eat a letter that was typed.
fn typing(ev: &KeyboardEvent) -> bool {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return true;
    }
    let Some(target) = ev.target() else {
        return false;
    };
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        return !matches!(input.type_().as_str(), "checkbox" | "radio");
    }
    target.dyn_ref::<HtmlElement>().is_some_and(|el| {
        el.is_content_editable() || matches!(el.tag_name().as_str(), "TEXTAREA" | "SELECT")
    })
}

/// Calls `on_key` with every key pressed on the page while the calling component lives,
/// except while the person is typing. Only the browser listens.
pub fn shortcuts(on_key: impl Fn(&str, &KeyboardEvent) + 'static) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !typing(&ev) {
            on_key(&ev.key(), &ev);
        }
    });
    on_cleanup(move || handle.remove());
}

/// Puts the keyboard focus on the element with `id` once the page has redrawn.
pub fn focus(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id)
            && let Ok(el) = el.dyn_into::<HtmlElement>()
        {
            let _ = el.focus();
        }
    });
}

//! Case text in Arabic script on screen: typed into a form, edited with the cursor keys and
//! listed, with the bundled Arabic font (egui's own fonts have none).

use crate::common::{example, has_text, open_case};
use casebook::model::Id;
use casebook::ui::CasebookApp;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The example with Homeland Justice renamed, in its inspector's Name field, to "Homeland
/// Justice" in Persian: two words, one right-to-left run. The field keeps the focus.
fn example_with_a_persian_name() -> Harness<'static, CasebookApp> {
    let mut harness = example();
    harness.get_by_label("Homeland Justice").click();
    harness.run();
    harness.get_by_label("Name").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Name").type_text("عدالت میهن");
    harness.run();
    harness
}

#[test]
fn a_persian_name_is_typed_edited_with_the_cursor_keys_and_listed() {
    let mut harness = example_with_a_persian_name();
    // The cursor keys move through the shaped text: Home, End, a selection of the last two
    // letters taken away, one typed in their place.
    for key in [Key::Home, Key::ArrowRight, Key::ArrowRight, Key::End] {
        harness.key_press(key);
        harness.run();
    }
    for _ in 0..2 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
        harness.run();
    }
    harness.key_press(Key::Backspace);
    harness.run();
    harness.get_by_label("Name").type_text("ن");
    harness.run();
    let name = &open_case(&harness)
        .actor(&Id::new("actor--homeland-justice"))
        .expect("the actor is still there")
        .name;
    assert_eq!(name, "عدالت مین");
    assert!(
        has_text(&harness, "عدالت مین"),
        "the list shows the new name"
    );
    assert!(
        has_text(&harness, "Reads:"),
        "under the field, how the name reads"
    );
}

#[test]
fn deleting_an_actor_named_in_persian_names_it_in_the_warning() {
    let mut harness = example_with_a_persian_name();
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("Delete this actor…").click();
    harness.run();
    assert!(has_text(&harness, "Delete this object?"));
    // The relationships that go with it are listed by name, Persian included.
    assert!(has_text(&harness, "relationship:"));
    assert!(
        harness.query_all_by_label("عدالت میهن").count() >= 2,
        "the list and the warning"
    );
}

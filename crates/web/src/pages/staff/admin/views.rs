//! The pages of the administration, drawn by a few templates: a list (`list.html`), a record
//! with its form and actions (`edit.html`), and the one-time display of a TOTP secret
//! (`secret.html`). Handlers fill these in; the templates know nothing of departments or staff.

use crate::pages::Chrome;
use crate::pages::forms::FormErrors;
use crate::pages::inputs::{Choices, Input, SummaryItem};
use askama::Template;

/// A link back up: the breadcrumb of every admin page but the overview.
pub struct Back {
    pub href: String,
    pub label: String,
}

/// A table of records, each row's first cell a link to the record.
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    pub empty: String,
}

pub struct TableRow {
    pub href: String,
    pub title: String,
    pub cells: Vec<Cell>,
}

pub struct Cell {
    pub text: String,
    /// A status shown as a badge: the badge's extra class.
    pub badge: Option<&'static str>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            badge: None,
        }
    }

    /// "Active" / "Inactive" (or whatever the two keys say), as a badge.
    pub fn status(chrome: &Chrome, on: bool, on_key: &str, off_key: &str) -> Cell {
        if on {
            Cell {
                text: chrome.t(on_key),
                badge: Some("badge-ok"),
            }
        } else {
            Cell {
                text: chrome.t(off_key),
                badge: Some("badge-warning"),
            }
        }
    }
}

#[derive(Template)]
#[template(path = "staff/admin/list.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub title: String,
    pub lead: String,
    pub back: Back,
    pub notice: Option<String>,
    /// The "new …" link.
    pub create: Option<Back>,
    pub table: Table,
}

/// One input or one group of boxes.
// A form holds a few dozen at most, made once per page: boxing the input would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Text(Input),
    Group(Choices),
}

impl Item {
    pub fn field(&self) -> Option<&Input> {
        match self {
            Item::Text(field) => Some(field),
            Item::Group(_) => None,
        }
    }

    pub fn choices(&self) -> Option<&Choices> {
        match self {
            Item::Group(choices) => Some(choices),
            Item::Text(_) => None,
        }
    }
}

/// A part of a form: an optional heading with an introduction, then the items, grouped in a
/// fieldset when there is a legend.
pub struct Section {
    pub id: String,
    pub heading: Option<String>,
    pub intro: Option<String>,
    pub legend: Option<String>,
    pub items: Vec<Item>,
}

impl Section {
    pub fn plain(items: Vec<Item>) -> Section {
        Section {
            id: String::new(),
            heading: None,
            intro: None,
            legend: None,
            items,
        }
    }

    pub fn fieldset(id: &str, legend: String, items: Vec<Item>) -> Section {
        Section {
            id: id.to_owned(),
            legend: Some(legend),
            ..Section::plain(items)
        }
    }

    /// A heading (h2) and its introduction, opening a part of the form.
    pub fn heading(id: &str, heading: String, intro: Option<String>) -> Section {
        Section {
            id: id.to_owned(),
            heading: Some(heading),
            intro,
            ..Section::plain(Vec::new())
        }
    }

    pub fn intro_id(&self) -> String {
        format!("{}-intro", self.id)
    }
}

pub struct AdminForm {
    pub action: String,
    pub submit: String,
    pub sections: Vec<Section>,
    /// Problems of fields the form has no input for (shown in the summary only).
    pub other_problems: Vec<String>,
}

impl AdminForm {
    pub fn new(action: &str, submit: String, sections: Vec<Section>, errors: &FormErrors) -> Self {
        let shown: Vec<String> = sections
            .iter()
            .flat_map(|s| &s.items)
            .map(|item| match item {
                Item::Text(field) => field.name.clone(),
                Item::Group(choices) => choices.name.clone(),
            })
            .collect();
        let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
        let other_problems = errors.others(&shown);
        AdminForm {
            action: action.to_owned(),
            submit,
            sections,
            other_problems,
        }
    }

    /// Every problem, in form order, each linking to its input.
    pub fn summary(&self) -> Vec<SummaryItem> {
        self.sections
            .iter()
            .flat_map(|s| &s.items)
            .flat_map(|item| match item {
                Item::Text(field) => field.summary(),
                Item::Group(choices) => choices.summary(),
            })
            .collect()
    }

    pub fn has_problems(&self) -> bool {
        !self.summary().is_empty() || !self.other_problems.is_empty()
    }
}

/// A one-button form beside a record: activate, delete, end sessions…
pub struct Action {
    pub action: String,
    pub label: String,
    pub hint: Option<String>,
    /// Hidden fields sent along (`active=0`, …).
    pub hidden: Vec<(String, String)>,
    /// A change that cannot be undone, or locks someone out: styled as a warning.
    pub danger: bool,
}

impl Action {
    /// A button posting to `action`, labelled `label`, with an optional `hint` under it.
    pub fn new(action: String, label: String, hint: Option<String>, danger: bool) -> Action {
        Action {
            action,
            label,
            hint,
            hidden: Vec::new(),
            danger,
        }
    }

    /// Sends `name=value` along.
    pub fn sending(mut self, name: &str, value: &str) -> Action {
        self.hidden.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// Why a change was refused, with the list of reasons (what still refers to the record).
pub struct Refusal {
    pub heading: String,
    pub reasons: Vec<String>,
    pub advice: String,
}

#[derive(Template)]
#[template(path = "staff/admin/edit.html")]
pub struct EditPage {
    pub chrome: Chrome,
    pub title: String,
    pub lead: Option<String>,
    pub back: Back,
    pub notice: Option<String>,
    pub refusal: Option<Refusal>,
    /// What is shown but not edited here: `(label, value)`.
    pub facts: Vec<(String, String)>,
    pub form: AdminForm,
    pub actions_heading: String,
    pub actions: Vec<Action>,
}

/// The provisioning URI of a TOTP secret, shown once (after creating an account or resetting it).
#[derive(Template)]
#[template(path = "staff/admin/secret.html")]
pub struct SecretPage {
    pub chrome: Chrome,
    pub title: String,
    pub back: Back,
    pub username: String,
    pub otpauth_uri: String,
    /// The secret alone (base32), for typing into an app by hand.
    pub secret: String,
    /// The member's page.
    pub member_href: String,
}

#[derive(Template)]
#[template(path = "staff/admin/overview.html")]
pub struct OverviewPage {
    pub chrome: Chrome,
    /// `(href, title key, text key)` of each section.
    pub sections: Vec<(&'static str, &'static str, &'static str)>,
}

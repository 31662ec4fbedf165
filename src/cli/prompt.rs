//! Prompts go through a trait so tests can script the answers; the real
//! implementation uses dialoguer on the terminal.

use crate::error::{Error, Result};
use std::collections::VecDeque;

/// Checks a typed answer: `Err(message)` is shown and the question asked
/// again (the message should say how to fix it, e.g. a did-you-mean).
pub type Validator<'a> = &'a dyn Fn(&str) -> std::result::Result<(), String>;

/// Asks the user questions.
pub trait Prompter {
    /// A yes/no question.
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool>;

    /// A line of text, checked by `validate` before it is accepted.
    fn input(
        &mut self,
        question: &str,
        default: Option<&str>,
        validate: Validator,
    ) -> Result<String> {
        let _ = (default, validate);
        Err(not_interactive(question))
    }

    /// One of `items` (returns its index).
    fn select(&mut self, question: &str, items: &[String], default: usize) -> Result<usize> {
        let _ = (items, default);
        Err(not_interactive(question))
    }

    /// One of `items`, narrowed down by typing (returns its index).
    fn fuzzy_select(&mut self, question: &str, items: &[String], default: usize) -> Result<usize> {
        self.select(question, items, default)
    }

    /// Any number of `items` (returns their indexes in order).
    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        defaults: &[bool],
    ) -> Result<Vec<usize>> {
        let _ = (items, defaults);
        Err(not_interactive(question))
    }
}

fn not_interactive(question: &str) -> Error {
    Error::refused(format!("cannot ask `{question}`: no terminal"))
}

fn prompt_error(e: dialoguer::Error) -> Error {
    Error::refused(format!("cannot ask: {e}"))
}

/// Prompts on the terminal with dialoguer.
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        dialoguer::Confirm::new()
            .with_prompt(question)
            .default(default)
            .interact()
            .map_err(|e| Error::refused(format!("cannot ask for confirmation: {e}")))
    }

    fn input(
        &mut self,
        question: &str,
        default: Option<&str>,
        validate: Validator,
    ) -> Result<String> {
        let mut input = dialoguer::Input::<String>::new().with_prompt(question);
        // An empty default means "optional": Enter accepts an empty line.
        if let Some(d) = default.filter(|d| !d.is_empty()) {
            input = input.default(d.to_string());
        }
        input
            .allow_empty(default.is_some())
            .validate_with(|s: &String| validate(s.trim()))
            .interact_text()
            .map(|s| s.trim().to_string())
            .map_err(prompt_error)
    }

    fn select(&mut self, question: &str, items: &[String], default: usize) -> Result<usize> {
        dialoguer::Select::new()
            .with_prompt(question)
            .items(items)
            .default(default)
            .interact()
            .map_err(prompt_error)
    }

    fn fuzzy_select(&mut self, question: &str, items: &[String], default: usize) -> Result<usize> {
        dialoguer::FuzzySelect::new()
            .with_prompt(question)
            .items(items)
            .default(default)
            .interact()
            .map_err(prompt_error)
    }

    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        defaults: &[bool],
    ) -> Result<Vec<usize>> {
        dialoguer::MultiSelect::new()
            .with_prompt(question)
            .items(items)
            .defaults(defaults)
            .interact()
            .map_err(prompt_error)
    }
}

/// One scripted answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// For `confirm`.
    Yes,
    /// For `confirm`.
    No,
    /// Typed text for `input` (an empty string takes the default).
    Text(String),
    /// The item, by its label (or the label's first word), for `select`
    /// and `fuzzy_select`.
    Pick(String),
    /// The items, by label, for `multi_select`.
    Picks(Vec<String>),
}

/// Answers from a script, for tests. Every question and every validation
/// message is recorded in [`ScriptedPrompter::transcript`].
pub struct ScriptedPrompter {
    answers: VecDeque<Answer>,
    /// The questions asked and the validation messages shown, in order.
    pub transcript: Vec<String>,
}

impl ScriptedPrompter {
    /// Answers the confirmations in order.
    pub fn new(answers: impl IntoIterator<Item = bool>) -> Self {
        Self::answers(
            answers
                .into_iter()
                .map(|b| if b { Answer::Yes } else { Answer::No }),
        )
    }

    /// Answers every kind of question in order.
    pub fn answers(answers: impl IntoIterator<Item = Answer>) -> Self {
        ScriptedPrompter {
            answers: answers.into_iter().collect(),
            transcript: Vec::new(),
        }
    }

    /// Answers not used yet.
    pub fn remaining(&self) -> usize {
        self.answers.len()
    }

    fn next(&mut self, question: &str) -> Result<Answer> {
        self.transcript.push(question.to_string());
        self.answers
            .pop_front()
            .ok_or_else(|| Error::refused(format!("no scripted answer for: {question}")))
    }

    fn find(question: &str, items: &[String], label: &str) -> Result<usize> {
        items
            .iter()
            .position(|i| i == label)
            .or_else(|| {
                items
                    .iter()
                    .position(|i| i.split_whitespace().next() == Some(label))
            })
            .ok_or_else(|| {
                Error::refused(format!(
                    "scripted answer `{label}` is not a choice of `{question}`: {items:?}"
                ))
            })
    }
}

impl Prompter for ScriptedPrompter {
    fn confirm(&mut self, question: &str, _default: bool) -> Result<bool> {
        match self.next(question)? {
            Answer::Yes => Ok(true),
            Answer::No => Ok(false),
            other => Err(Error::refused(format!(
                "scripted answer {other:?} does not fit `{question}`"
            ))),
        }
    }

    fn input(
        &mut self,
        question: &str,
        default: Option<&str>,
        validate: Validator,
    ) -> Result<String> {
        loop {
            let text = match self.next(question)? {
                Answer::Text(t) => t,
                other => {
                    return Err(Error::refused(format!(
                        "scripted answer {other:?} does not fit `{question}`"
                    )))
                }
            };
            let text = match (text.trim(), default) {
                ("", Some(d)) => d.to_string(),
                (t, _) => t.to_string(),
            };
            match validate(&text) {
                Ok(()) => return Ok(text),
                // As on the terminal: the message is shown and the question asked again.
                Err(message) => self.transcript.push(format!("invalid: {message}")),
            }
        }
    }

    fn select(&mut self, question: &str, items: &[String], _default: usize) -> Result<usize> {
        match self.next(question)? {
            Answer::Pick(label) => Self::find(question, items, &label),
            other => Err(Error::refused(format!(
                "scripted answer {other:?} does not fit `{question}`"
            ))),
        }
    }

    fn multi_select(
        &mut self,
        question: &str,
        items: &[String],
        _defaults: &[bool],
    ) -> Result<Vec<usize>> {
        match self.next(question)? {
            Answer::Picks(labels) => {
                let mut picked: Vec<usize> = labels
                    .iter()
                    .map(|l| Self::find(question, items, l))
                    .collect::<Result<_>>()?;
                picked.sort_unstable();
                Ok(picked)
            }
            other => Err(Error::refused(format!(
                "scripted answer {other:?} does not fit `{question}`"
            ))),
        }
    }
}

//! Prompts go through a trait so tests can script the answers; the real
//! implementation uses dialoguer on the terminal.

use crate::error::{Error, Result};

/// Asks the user questions.
pub trait Prompter {
    /// A yes/no question.
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool>;
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
}

/// Answers from a script, for tests.
pub struct ScriptedPrompter {
    answers: std::collections::VecDeque<bool>,
}

impl ScriptedPrompter {
    /// Answers the confirmations in order.
    pub fn new(answers: impl IntoIterator<Item = bool>) -> Self {
        ScriptedPrompter { answers: answers.into_iter().collect() }
    }
}

impl Prompter for ScriptedPrompter {
    fn confirm(&mut self, question: &str, _default: bool) -> Result<bool> {
        self.answers
            .pop_front()
            .ok_or_else(|| Error::refused(format!("no scripted answer for: {question}")))
    }
}

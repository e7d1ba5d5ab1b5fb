//! Terminal events and the clock, as one stream the runner awaits.

use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures_util::{FutureExt, StreamExt};
use tokio::time::{Interval, MissedTickBehavior};

/// What the runner is woken by.
#[derive(Debug)]
pub enum Input {
    /// A key, the mouse, a resize.
    Terminal(Event),
    /// The clock (moves the spinner).
    Tick,
    /// The terminal's input failed or closed.
    Closed(Option<std::io::Error>),
}

/// Terminal events and a clock.
#[derive(Debug)]
pub struct Events {
    stream: EventStream,
    tick: Interval,
}

impl Events {
    /// Reads the terminal; the clock ticks every `tick`.
    pub fn new(tick: Duration) -> Events {
        let mut tick = tokio::time::interval(tick);
        tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
        Events {
            stream: EventStream::new(),
            tick,
        }
    }

    /// The next event or tick.
    pub async fn next(&mut self) -> Input {
        tokio::select! {
            event = self.stream.next() => to_input(event),
            _ = self.tick.tick() => Input::Tick,
        }
    }

    /// A terminal event that is ready now, without waiting.
    pub fn ready(&mut self) -> Option<Input> {
        self.stream.next().now_or_never().map(to_input)
    }
}

fn to_input(event: Option<std::io::Result<Event>>) -> Input {
    match event {
        Some(Ok(event)) => Input::Terminal(event),
        Some(Err(e)) => Input::Closed(Some(e)),
        None => Input::Closed(None),
    }
}

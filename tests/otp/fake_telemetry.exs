# The four functions of the :telemetry library the generated code and
# tests call (telemetry 1.x semantics: handlers attached under an id, every
# matching handler called with event, measurements, metadata and config;
# :telemetry_test sends {event, ref, measurements, metadata} to a pid).
# The library itself is a Hex package that this test machine cannot fetch.

defmodule :telemetry do
  def attach_many(id, events, function, config) do
    :ets.insert(:fake_telemetry_handlers, {id, events, function, config})
    :ok
  end

  def detach(id) do
    :ets.delete(:fake_telemetry_handlers, id)
    :ok
  end

  def execute(event, measurements, metadata) do
    for {_id, events, function, config} <- :ets.tab2list(:fake_telemetry_handlers),
        event in events do
      function.(event, measurements, metadata, config)
    end

    :ok
  end
end

defmodule :telemetry_test do
  def attach_event_handlers(pid, events) do
    ref = make_ref()
    :telemetry.attach_many(ref, events, &__MODULE__.handle_event/4, %{pid: pid, ref: ref})
    ref
  end

  def handle_event(event, measurements, metadata, %{pid: pid, ref: ref}) do
    send(pid, {event, ref, measurements, metadata})
  end
end

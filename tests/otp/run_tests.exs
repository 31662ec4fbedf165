# Runs generated ExUnit tests without Mix, the way `mix test` would run
# them in the generated project: the generated modules are compiled, the
# children the application (or a supervisor) gained are started, then the
# tests run.
#
# Usage: elixir run_tests.exs APP_BEFORE APP_AFTER LIB_LIST TEST_LIST
#
# APP_BEFORE/APP_AFTER are the application module before and after the
# generator ran; the children found only in APP_AFTER are evaluated and
# started under a supervisor (the rest of the application, the endpoint
# and the repo, is not needed by the generated tests). LIB_LIST and
# TEST_LIST hold one path per line. Exits 1 when a test fails.

[before, after_app, lib_list, test_list] = System.argv()

strip = fn ast -> Macro.prewalk(ast, &Macro.update_meta(&1, fn _ -> [] end)) end

children_of = fn path ->
  {:ok, ast} = path |> File.read!() |> Code.string_to_quoted()

  {_, found} =
    Macro.prewalk(ast, [], fn
      {:=, _, [{:children, _, _}, list]} = node, acc when is_list(list) -> {node, acc ++ list}
      node, acc -> {node, acc}
    end)

  Enum.map(found, strip)
end

lines = fn path -> path |> File.read!() |> String.split("\n", trim: true) end

Code.require_file(Path.join(__DIR__, "fake_telemetry.exs"))
:ets.new(:fake_telemetry_handlers, [:named_table, :public])

# Generated code must compile without a single warning.
compiled! = fn result, what ->
  case result do
    {:ok, _modules, []} ->
      :ok

    {:ok, _modules, warnings} ->
      IO.puts("#{what} compiled with warnings: #{inspect(warnings)}")
      System.halt(1)

    {:error, errors, _warnings} ->
      IO.puts("#{what} failed to compile: #{inspect(errors)}")
      System.halt(1)
  end
end

lines.(lib_list) |> Kernel.ParallelCompiler.compile() |> compiled!.("lib")

new_children =
  (children_of.(after_app) -- children_of.(before))
  |> Enum.map(fn child -> child |> Code.eval_quoted() |> elem(0) end)

{:ok, _} = Supervisor.start_link(new_children, strategy: :one_for_one)

ExUnit.start(autorun: false)
lines.(test_list) |> Kernel.ParallelCompiler.require() |> compiled!.("test")
%{failures: failures} = ExUnit.run()
System.halt(if failures == 0, do: 0, else: 1)

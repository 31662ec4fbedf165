defmodule {= module =}.DataCase do
  @moduledoc """
  The case for tests that touch the database. Each test runs inside a
  sandboxed transaction that is rolled back at the end.

      use {= module =}.DataCase, async: true

{$ if postgres $}
  `async: true` is safe with PostgreSQL: every test gets its own
  connection and transaction.
{$ else $}
  SQLite allows one writer at a time: keep database tests `async: false`.
{$ endif $}
  """

  use ExUnit.CaseTemplate

  alias Ecto.Adapters.SQL.Sandbox

  using do
    quote do
      alias {= repo =}

      import Ecto
      import Ecto.Changeset
      import Ecto.Query
      import {= module =}.DataCase
    end
  end

  setup tags do
    {= module =}.DataCase.setup_sandbox(tags)
    :ok
  end

  @doc """
  Checks out a sandboxed connection for the test, shared with the
  processes it starts unless the test is async.
  """
  def setup_sandbox(tags) do
    pid = Sandbox.start_owner!({= repo =}, shared: not tags[:async])
    on_exit(fn -> Sandbox.stop_owner(pid) end)
  end

  @doc """
  The errors of a changeset as a map of field to messages, with the
  `%{count}`-style placeholders filled in.

      assert %{title: ["can't be blank"]} = errors_on(changeset)
  """
  def errors_on(changeset) do
    Ecto.Changeset.traverse_errors(changeset, fn {message, opts} ->
      Regex.replace(~r"%{(\w+)}", message, fn _, key ->
        opts |> Keyword.get(String.to_existing_atom(key), key) |> to_string()
      end)
    end)
  end
end

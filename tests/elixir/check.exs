# Checks Elixir files the way `mix format --check-formatted` would in a
# project that imports the formatter settings of Ash, AshPostgres, Ecto and
# Phoenix: every file must parse and be unchanged by the formatter.
#
# Usage: elixir check.exs [--parse-only] LIST_FILE   (one path per line)
# With --parse-only the formatter is not consulted (for files that are
# deliberately not formatter-clean, such as the awkward fixture).
# Prints one line per failing file and exits 1 when any file fails.

{parse_only?, list_file} =
  case System.argv() do
    ["--parse-only", list_file] -> {true, list_file}
    [list_file] -> {false, list_file}
  end

{locals, _} = Code.eval_file(Path.join(__DIR__, "locals_without_parens.exs"))

paths =
  list_file
  |> File.read!()
  |> String.split("\n", trim: true)

failures =
  Enum.flat_map(paths, fn path ->
    source = File.read!(path)

    case Code.string_to_quoted(source, file: path, columns: true) do
      {:error, {location, message, token}} ->
        line = if is_list(location), do: Keyword.get(location, :line), else: location
        msg = if is_binary(message), do: message, else: inspect(message)
        ["PARSE #{path}:#{line}: #{msg}#{token}"]

      {:ok, _ast} when parse_only? ->
        []

      {:ok, _ast} ->
        formatted =
          if String.trim(source) == "" do
            source
          else
            IO.iodata_to_binary([Code.format_string!(source, locals_without_parens: locals), ?\n])
          end

        if formatted == source do
          []
        else
          a = String.split(source, "\n")
          b = String.split(formatted, "\n")

          idx =
            Enum.zip(a ++ List.duplicate(nil, length(b)), b ++ List.duplicate(nil, length(a)))
            |> Enum.find_index(fn {x, y} -> x != y end)

          ["FORMAT #{path}:#{idx + 1}: is #{inspect(Enum.at(a, idx))}, formatter wants #{inspect(Enum.at(b, idx))}"]
        end
    end
  end)

Enum.each(failures, &IO.puts/1)
IO.puts("checked #{length(paths)} files, #{length(failures)} failing")
if failures != [], do: System.halt(1)

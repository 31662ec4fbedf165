defmodule {= web_module =}.CoreComponents do
  @moduledoc """
  The building blocks of pages and forms: flash messages, buttons, form
  inputs, headers, tables, description lists and icons.

  They are plain function components styled with Tailwind utility classes;
  change them freely, they belong to this application. Generated pages use
  `<.header>`, `<.table>`, `<.list>`, `<.input>` and `<.button>`.
  """
  use Phoenix.Component
  use Gettext, backend: {= web_module =}.Gettext

  alias Phoenix.LiveView.JS

  @doc """
  A flash message of the given kind, closed by a click.

      <.flash kind={:info} flash={@flash} />
      <.flash kind={:error}>Something failed</.flash>
  """
  attr :id, :string, doc: "the id of the flash container"
  attr :flash, :map, default: %{}, doc: "the map of flash messages"
  attr :title, :string, default: nil
  attr :kind, :atom, values: [:info, :error], doc: "the flash key and style"
  attr :rest, :global, doc: "extra HTML attributes for the container"

  slot :inner_block, doc: "the message, instead of the one in the flash"

  def flash(assigns) do
    assigns = assign_new(assigns, :id, fn -> "flash-#{assigns.kind}" end)

    ~H"""
    <div
      :if={msg = render_slot(@inner_block) || Phoenix.Flash.get(@flash, @kind)}
      id={@id}
      phx-click={JS.push("lv:clear-flash", value: %{key: @kind}) |> hide("##{@id}")}
      role="alert"
      class={[
        "fixed top-4 right-4 z-50 w-80 rounded-lg p-3 shadow-md sm:w-96",
        @kind == :info && "bg-emerald-50 text-emerald-800",
        @kind == :error && "bg-rose-50 text-rose-900"
      ]}
      {@rest}
    >
      <p :if={@title} class="font-semibold">{@title}</p>
      <p class="text-sm">{msg}</p>
      <button type="button" class="absolute top-2 right-2" aria-label={gettext("close")}>
        <.icon name="hero-x-mark" class="size-5 opacity-40 hover:opacity-70" />
      </button>
    </div>
    """
  end

  @doc """
  A button, or a link styled as one when `href`, `navigate` or `patch` is given.

      <.button>Save</.button>
      <.button variant="primary" phx-click="go">Go</.button>
      <.button navigate={~p"/"}>Home</.button>
  """
  attr :rest, :global, include: ~w(href navigate patch method download name value disabled)
  attr :class, :string
  attr :variant, :string, values: ~w(primary)
  slot :inner_block, required: true

  def button(%{rest: rest} = assigns) do
    variants = %{
      "primary" => "bg-zinc-900 text-white hover:bg-zinc-700",
      nil => "bg-zinc-100 text-zinc-900 hover:bg-zinc-200"
    }

    assigns =
      assign_new(assigns, :class, fn ->
        ["rounded-lg px-3 py-2 text-sm font-semibold", Map.fetch!(variants, assigns[:variant])]
      end)

    if rest[:href] || rest[:navigate] || rest[:patch] do
      ~H"""
      <.link class={@class} {@rest}>
        {render_slot(@inner_block)}
      </.link>
      """
    else
      ~H"""
      <button class={@class} {@rest}>
        {render_slot(@inner_block)}
      </button>
      """
    end
  end

  @doc """
  A form input with its label and errors.

  Give it a form field (`field={@form[:title]}`) to take the name, id,
  value and errors from the form, or pass those explicitly. Besides the
  HTML input types, `type="select"` (with `options`), `type="textarea"` and
  `type="checkbox"` (booleans) are supported.

      <.input field={@form[:title]} label="Title" />
      <.input field={@form[:status]} type="select" options={["draft", "published"]} />
  """
  attr :id, :any, default: nil
  attr :name, :any
  attr :label, :string, default: nil
  attr :value, :any

  attr :type, :string,
    default: "text",
    values: ~w(checkbox color date datetime-local email file month number password
               search select tel text textarea time url week hidden)

  attr :field, Phoenix.HTML.FormField, doc: "a form field, e.g. @form[:email]"
  attr :errors, :list, default: []
  attr :checked, :boolean, doc: "whether a checkbox is checked"
  attr :prompt, :string, default: nil, doc: "the empty first option of a select"
  attr :options, :list, doc: "the options of a select, as for options_for_select/2"
  attr :multiple, :boolean, default: false, doc: "whether a select takes several values"
  attr :class, :string, default: nil, doc: "classes replacing the default ones"

  attr :rest, :global,
    include: ~w(accept autocomplete capture cols disabled form list max maxlength min minlength
                multiple pattern placeholder readonly required rows size step)

  def input(%{field: %Phoenix.HTML.FormField{} = field} = assigns) do
    errors = if Phoenix.Component.used_input?(field), do: field.errors, else: []

    assigns
    |> assign(field: nil, id: assigns.id || field.id)
    |> assign(:errors, Enum.map(errors, &translate_error(&1)))
    |> assign_new(:name, fn -> if assigns.multiple, do: field.name <> "[]", else: field.name end)
    |> assign_new(:value, fn -> field.value end)
    |> input()
  end

  def input(%{type: "hidden"} = assigns) do
    ~H"""
    <input type="hidden" id={@id} name={@name} value={@value} {@rest} />
    """
  end

  def input(%{type: "checkbox"} = assigns) do
    assigns =
      assign_new(assigns, :checked, fn ->
        Phoenix.HTML.Form.normalize_value("checkbox", assigns[:value])
      end)

    ~H"""
    <div class="mb-3">
      <label class="flex items-center gap-2 text-sm">
        <input type="hidden" name={@name} value="false" disabled={@rest[:disabled]} />
        <input
          type="checkbox"
          id={@id}
          name={@name}
          value="true"
          checked={@checked}
          class={@class || "rounded border-zinc-300"}
          {@rest}
        />{@label}
      </label>
      <.error :for={msg <- @errors}>{msg}</.error>
    </div>
    """
  end

  def input(%{type: "select"} = assigns) do
    ~H"""
    <div class="mb-3">
      <label class="block text-sm">
        <span :if={@label} class="mb-1 block font-medium">{@label}</span>
        <select
          id={@id}
          name={@name}
          class={[@class || "w-full rounded-lg border-zinc-300", @errors != [] && "border-rose-400"]}
          multiple={@multiple}
          {@rest}
        >
          <option :if={@prompt} value="">{@prompt}</option>
          {Phoenix.HTML.Form.options_for_select(@options, @value)}
        </select>
      </label>
      <.error :for={msg <- @errors}>{msg}</.error>
    </div>
    """
  end

  def input(%{type: "textarea"} = assigns) do
    ~H"""
    <div class="mb-3">
      <label class="block text-sm">
        <span :if={@label} class="mb-1 block font-medium">{@label}</span>
        <textarea
          id={@id}
          name={@name}
          class={[@class || "w-full rounded-lg border-zinc-300", @errors != [] && "border-rose-400"]}
          {@rest}
        >{Phoenix.HTML.Form.normalize_value("textarea", @value)}</textarea>
      </label>
      <.error :for={msg <- @errors}>{msg}</.error>
    </div>
    """
  end

  def input(assigns) do
    ~H"""
    <div class="mb-3">
      <label class="block text-sm">
        <span :if={@label} class="mb-1 block font-medium">{@label}</span>
        <input
          type={@type}
          name={@name}
          id={@id}
          value={Phoenix.HTML.Form.normalize_value(@type, @value)}
          class={[@class || "w-full rounded-lg border-zinc-300", @errors != [] && "border-rose-400"]}
          {@rest}
        />
      </label>
      <.error :for={msg <- @errors}>{msg}</.error>
    </div>
    """
  end

  # An error message under an input.
  defp error(assigns) do
    ~H"""
    <p class="mt-1 flex items-center gap-1 text-sm text-rose-700">
      <.icon name="hero-exclamation-circle" class="size-4" />
      {render_slot(@inner_block)}
    </p>
    """
  end

  @doc """
  A page header with an optional subtitle and actions.

      <.header>
        Posts
        <:actions><.button navigate={~p"/posts/new"}>New post</.button></:actions>
      </.header>
  """
  slot :inner_block, required: true
  slot :subtitle
  slot :actions

  def header(assigns) do
    ~H"""
    <header class={[@actions != [] && "flex items-center justify-between gap-6", "pb-4"]}>
      <div>
        <h1 class="text-lg font-semibold leading-8">
          {render_slot(@inner_block)}
        </h1>
        <p :if={@subtitle != []} class="text-sm text-zinc-600">
          {render_slot(@subtitle)}
        </p>
      </div>
      <div class="flex-none">{render_slot(@actions)}</div>
    </header>
    """
  end

  @doc """
  A table of rows (a list or a LiveView stream), one `:col` slot per column.

      <.table id="posts" rows={@streams.posts}>
        <:col :let={{_id, post}} label="Title">{post.title}</:col>
      </.table>
  """
  attr :id, :string, required: true
  attr :rows, :list, required: true
  attr :row_id, :any, default: nil, doc: "a function returning the id of a row"
  attr :row_click, :any, default: nil, doc: "a function returning the phx-click of a row"

  attr :row_item, :any,
    default: &Function.identity/1,
    doc: "a function mapping each row before it is given to the slots"

  slot :col, required: true do
    attr :label, :string
  end

  slot :action, doc: "links or buttons shown in the last column"

  def table(assigns) do
    assigns =
      with %{rows: %Phoenix.LiveView.LiveStream{}} <- assigns do
        assign(assigns, row_id: assigns.row_id || fn {id, _item} -> id end)
      end

    ~H"""
    <table class="w-full text-left text-sm">
      <thead>
        <tr>
          <th :for={col <- @col} class="p-2 font-medium">{col[:label]}</th>
          <th :if={@action != []} class="p-2">
            <span class="sr-only">{gettext("Actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody id={@id} phx-update={is_struct(@rows, Phoenix.LiveView.LiveStream) && "stream"}>
        <tr :for={row <- @rows} id={@row_id && @row_id.(row)} class="border-t border-zinc-100">
          <td
            :for={col <- @col}
            phx-click={@row_click && @row_click.(row)}
            class={["p-2", @row_click && "hover:cursor-pointer"]}
          >
            {render_slot(col, @row_item.(row))}
          </td>
          <td :if={@action != []} class="w-0 p-2 font-semibold">
            <div class="flex gap-4">
              <%= for action <- @action do %>
                {render_slot(action, @row_item.(row))}
              <% end %>
            </div>
          </td>
        </tr>
      </tbody>
    </table>
    """
  end

  @doc """
  A list of titled values.

      <.list>
        <:item title="Title">{@post.title}</:item>
      </.list>
  """
  slot :item, required: true do
    attr :title, :string, required: true
  end

  def list(assigns) do
    ~H"""
    <dl class="divide-y divide-zinc-100">
      <div :for={item <- @item} class="flex gap-4 py-3 text-sm">
        <dt class="w-1/4 flex-none font-medium text-zinc-600">{item.title}</dt>
        <dd>{render_slot(item)}</dd>
      </div>
    </dl>
    """
  end

  @doc """
  A Heroicon by name (`hero-x-mark`, `hero-x-mark-solid`, ...). The icon is
  drawn by a CSS class of that name: add the heroicons Tailwind plugin to
  assets/css/app.css to get the pictures (see the README).

      <.icon name="hero-x-mark" class="size-4" />
  """
  attr :name, :string, required: true
  attr :class, :string, default: "size-4"

  def icon(%{name: "hero-" <> _} = assigns) do
    ~H"""
    <span class={[@name, @class]} />
    """
  end

  @doc "Shows the element matching `selector` with a short transition."
  def show(js \\ %JS{}, selector) do
    JS.show(js,
      to: selector,
      time: 200,
      transition: {"transition-all ease-out duration-200", "opacity-0", "opacity-100"}
    )
  end

  @doc "Hides the element matching `selector` with a short transition."
  def hide(js \\ %JS{}, selector) do
    JS.hide(js,
      to: selector,
      time: 200,
      transition: {"transition-all ease-in duration-200", "opacity-100", "opacity-0"}
    )
  end

  @doc """
  Translates an error message with the "errors" Gettext domain.
  """
  def translate_error({msg, opts}) do
    backend = {= web_module =}.Gettext

    if count = opts[:count] do
      Gettext.dngettext(backend, "errors", msg, msg, count, opts)
    else
      Gettext.dgettext(backend, "errors", msg, opts)
    end
  end

  @doc """
  Translates the errors of `field` in a keyword list of errors.
  """
  def translate_errors(errors, field) when is_list(errors) do
    for {^field, {msg, opts}} <- errors, do: translate_error({msg, opts})
  end
end

// Words of Decap CMS's interface that its Russian translation leaves in English or lacks (it falls back to English).
// A test compares the two in the browser, so a newer Decap with new English words fails it.
export const RUSSIAN = {
  auth: { loginWithForgejo: "Войти через Forgejo" },
  collection: {
    collectionTop: { viewAsList: "Показать списком", viewAsGrid: "Показать плиткой" },
    entries: { unpublishedHeader: "Неопубликованные записи" },
  },
  editor: {
    editorControl: { field: { widgetLabel: "поле %{widgetLabel}" } },
    editorInterface: { toggleNotes: "Показать или скрыть заметки" },
    editorNotesPane: {
      title: "Заметки",
      emptyState: "Заметок пока нет. Первую можно добавить ниже.",
      addNote: "Добавить заметку",
      addPlaceholder: "Заметка…",
      editPlaceholder: "Измените заметку…",
      save: "Сохранить",
      cancel: "Отмена",
      edit: "Изменить",
      delete: "Удалить",
      resolve: "Отметить решённой",
      unresolve: "Открыть снова",
      confirmDelete: "Удалить эту заметку?",
      shortcut: "Ctrl+Enter добавляет заметку",
    },
    editorWidgets: {
      markdown: {
        strikethrough: "Зачёркнутый",
        toggleMode: { rich: "Перейти к форматированному тексту", markdown: "Перейти к Markdown" },
      },
      headingOptions: {
        headingOne: "Заголовок 1",
        headingTwo: "Заголовок 2",
        headingThree: "Заголовок 3",
        headingFour: "Заголовок 4",
        headingFive: "Заголовок 5",
        headingSix: "Заголовок 6",
      },
      datetime: { setToNow: "Поставить в поле «%{fieldLabel}» текущее время" },
      object: { expand: "Развернуть", collapse: "Свернуть" },
    },
  },
  mediaLibrary: { mediaLibraryModal: { close: "Закрыть" } },
  ui: {
    settingsDropdown: { account: "Меню учётной записи" },
    toast: {
      noteAdded: "Заметка добавлена",
      onFailToAddNote: "Не удалось добавить заметку: %{details}",
      noteUpdated: "Заметка изменена",
      onFailToUpdateNote: "Не удалось изменить заметку: %{details}",
      noteDeleted: "Заметка удалена",
      onFailToDeleteNote: "Не удалось удалить заметку: %{details}",
      noteResolved: "Заметка отмечена решённой",
      noteReopened: "Заметка открыта снова",
      onFailToToggleNote: "Не удалось изменить состояние заметки: %{details}",
    },
  },
  workflow: {
    workflow: { dateFormat: "DD.MM.YYYY" },  // "MMMM D" would print the month in English
    workflowList: { currentEntries: "%{smart_count} запись |||| %{smart_count} записи |||| %{smart_count} записей" },
  },
};

// Decap's own Russian words with ours laid over them.
export function withRussian(words, extra = RUSSIAN) {
  const result = { ...words };
  for (const [key, value] of Object.entries(extra)) {
    result[key] = typeof value === "object" ? withRussian(words?.[key] ?? {}, value) : value;
  }
  return result;
}

// decap-server's file mode (it writes what the browser editor saves into the project folder), answering only
// the editor opened on this computer.
//
// decap-server listens on 127.0.0.1, yet any web page open in the same browser can reach it: a site that
// points its own name at 127.0.0.1 a moment after the page loads ("DNS rebinding") talks to it as to itself,
// and could write any file of the project, .git/hooks included. Such a request names the other site as its
// host, and a browser names the page it comes from (Origin): both are checked before decap-server sees it.
//
// Run by `python -m generator edit` with the project folder as the working folder:
//   PORT, BIND_HOST, GIT_REPO_DIRECTORY, LOG_LEVEL as decap-server reads them;
//   OMO_EDITOR_ORIGINS: the addresses of the editor's page, separated by spaces.
"use strict";

const path = require("path");
const { createRequire } = require("module");

const fromProject = createRequire(path.join(process.cwd(), "package.json"));
const fromDecap = createRequire(fromProject.resolve("decap-server"));
const express = fromDecap("express");
const { registerLocalFs } = fromDecap("./middlewares");

const port = parseInt(process.env.PORT || "8081", 10);
const bindHost = process.env.BIND_HOST || "127.0.0.1";
const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
const origins = new Set((process.env.OMO_EDITOR_ORIGINS || "").split(/\s+/).filter(Boolean));
const editorAddress = [...origins][0] || "";

function refused(request) {
  const host = String(request.headers.host || "").toLowerCase();
  if (!hosts.has(host)) {
    return `запрос к адресу «${host}», а не к 127.0.0.1:${port}`;
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !origins.has(String(origin).toLowerCase())) {
    return `запрос со страницы «${origin}», а не из редактора`;
  }
  return "";
}

const app = express();
app.use((request, response, next) => {
  const why = refused(request);
  if (!why) {
    next();
    return;
  }
  console.error(`Редактор: отклонён ${why}. Открывайте редактор по адресу ${editorAddress}/admin/`);
  response.status(403).json({ error: "Запрос отклонён: редактор принимает записи только со своей страницы" });
});

registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || "warn" })
  .then(() => {
    app.listen(port, bindHost).on("error", (error) => {
      const busy = error && error.code === "EADDRINUSE";
      console.error(busy ? `Ошибка: порт ${port} занят: редактор уже запущен в другом окне или порт занят другой `
        + "программой; закройте её или укажите другой порт в mkdocs.yml (extra → omo → admin → local_port)"
        : `Ошибка: сервер записи редактора не запустился: ${error.message}`);
      process.exit(1);
    });
  })
  .catch((error) => {
    console.error(`Ошибка: сервер записи редактора не запустился: ${error && error.message ? error.message : error}`);
    process.exit(1);
  });

/* Filler text, frames and log lines for generated tickets. Frames hold {T}
 * (a term) or {R} (a regex sample). The filler deliberately contains words
 * that hide short keywords (issue, details, private, called, debug...). */
#include "vocab.h"

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

const char *const bench_modifiers[] = {
    "missing", "wrong", "duplicate", "late", "incorrect", "lost", "broken", "cancel", "update",
    "change", "new", "second", "urgent", "question about", "problem with", "issue with",
    "status of", "copy of", "annual", "monthly", NULL};

const char *const bench_syllables[] = {
    "zen", "tra", "or", "bix", "no", "va", "lu", "me", "qua", "ryx", "fi", "lo", "ka",
    "dor", "vel", "tix", "ma", "ra", "sol", "te", "ni", "pex", "ion", "gra", "phi", "cu",
    "dyn", "el", "pri", "zo", NULL};

const char *const bench_model_suffixes[] = {"pro", "max", "lite", "mini", "plus", "x2", "300",
                                            "one", "go", "s", "home", "studio", NULL};

const char *const bench_compound_nouns[] = {
    "settings", "portal", "widget", "module", "sync", "gateway", "console", "hub", "dock",
    "cloud", "agent", "bridge", "vault", "scanner", "monitor", "printer", "router", "sensor",
    "keyboard", "headset", "camera", "display", "adapter", "license", "workspace", NULL};

static const char *const en_filler[] = {
    "I have been a customer for several years and never had this issue before.",
    "Could you please look into this as soon as possible?",
    "I tried again this morning and got the same result.",
    "My colleague called your hotline yesterday but nobody picked up.",
    "The details are below, let me know if you need anything else.",
    "We are a small private company with about twenty employees.",
    "I already cleared the browser cache and restarted the computer.",
    "This happened right after the latest update.",
    "Please note that I am travelling next week and can only reply in the evenings.",
    "Our team lead asked me to open a ticket about this.",
    "It worked fine last month.",
    "I attached a screenshot of what I see.",
    "To be honest this is getting a bit annoying.",
    "We rely on this every day for our operations.",
    "I followed the steps in your help center article but they did not help.",
    "The problem started on Monday around noon.",
    "My manager cancelled the meeting because of this.",
    "I have no idea what else to try at this point.",
    "We scheduled a debug session with our IT people but they are stuck too.",
    "Your previous reply mentioned a fix in the next release.",
    "Kind of urgent, we have a deadline on Friday.",
    "Several of my coworkers see exactly the same behaviour.",
    "I checked the settings twice and everything looks correct.",
    "The customer portal shows a generic message without any details.",
    "We metadata-tagged everything as described in the documentation.",
    "Is there a known issue or a workaround?",
    "Happy to jump on a call if that is easier.",
    "I would appreciate a quick confirmation that you received this.",
    "This is the third time I write about it.",
    "The previous agent said it would be escalated, but nothing happened.",
    "I am using the web version on a laptop.",
    "Everything else seems to work normally.",
    "Our accountant needs this sorted out before the end of the quarter.",
    "Please keep my colleague in copy.",
    "We also installed the desktop client on two machines.",
    "The same thing happens on my phone.",
    "Let me know if you need log files or more screenshots.",
    "I am not very technical, so please explain in simple words.",
    "Sorry for the long message.",
    "We upgraded our office network last week, not sure if that is related.",
    NULL};

static const char *const en_term_frames[] = {
    "I have a problem with {T}.", "This is about {T} again.", "{T} is still not resolved.",
    "Please help with {T}.", "We need an answer regarding {T}.",
    "Can someone explain the {T} part?", "Yesterday I noticed something odd about {T}.",
    "{T}!", "The {T} thing is really confusing.", "Question regarding {T}, see below.",
    "As discussed, {T}.", "My main concern is {T}.", NULL};

static const char *const en_regex_frames[] = {
    "My reference is {R}.", "The error says {R}.", "See {R} for the details.",
    "It shows {R} on the screen.", "Log excerpt: {R}", "Here it is: {R}",
    "Related: {R}.", "(ref {R})", NULL};

static const char *const en_greetings[] = {"Hi team,", "Hello,", "Dear support,", "Hi there,",
                                           "Good morning,", "Hey,", NULL};
static const char *const en_signoffs[] = {
    "Best regards,\nAnna Schmidt\nOperations Manager", "Thanks,\nJohn", "Cheers,\nMike",
    "Kind regards,\nPriya Natarajan\nFinance", "Regards,\nThe accounting team",
    "Sent from my phone", NULL};
static const char *const en_subjects[] = {
    "{T}", "Question about {T}", "Re: {T}", "URGENT: {T}", "{T} - {R}", "Problem with {T}",
    "Fwd: {T} ({R})", "Need help: {T}", "{T} again", NULL};

static const char *const fr_filler[] = {
    "Je suis client depuis plusieurs années et c'est la première fois que ça arrive.",
    "Pourriez-vous regarder cela dès que possible ?",
    "J'ai déjà vidé le cache et redémarré l'ordinateur.",
    "Le problème a commencé lundi vers midi.",
    "Merci de me tenir informé, c'est assez urgent pour notre équipe.",
    "Ça fonctionnait très bien le mois dernier.",
    "Vous trouverez les détails ci-dessous.", NULL};
static const char *const fr_term_frames[] = {"J'ai un problème avec {T}.",
                                             "Concernant {T}, rien n'a changé.",
                                             "Pouvez-vous m'aider pour {T} ?", NULL};
static const char *const fr_regex_frames[] = {"Ma référence est {R}.", "Le message indique {R}.",
                                              NULL};
static const char *const fr_greetings[] = {"Bonjour,", "Madame, Monsieur,", NULL};
static const char *const fr_signoffs[] = {"Cordialement,\nHélène Lefèvre", "Merci d'avance,\nFrançois",
                                          NULL};
static const char *const fr_subjects[] = {"{T}", "Problème : {T}", "Question sur {T}", NULL};

static const char *const de_filler[] = {
    "Ich bin seit Jahren Kunde und hatte dieses Problem noch nie.",
    "Könnten Sie sich das bitte so schnell wie möglich ansehen?",
    "Ich habe den Browser-Cache gelöscht und den Rechner neu gestartet.",
    "Das Problem besteht seit Montag gegen Mittag.",
    "Unsere Buchhaltung braucht das bis Ende des Quartals.",
    "Für Rückfragen stehe ich gerne zur Verfügung.",
    "Es hat letzten Monat noch einwandfrei funktioniert.", NULL};
static const char *const de_term_frames[] = {"Ich habe ein Problem mit {T}.",
                                             "Es geht wieder um {T}.",
                                             "Bitte helfen Sie mir bei {T}.", NULL};
static const char *const de_regex_frames[] = {"Meine Referenz ist {R}.",
                                              "Die Fehlermeldung lautet {R}.", NULL};
static const char *const de_greetings[] = {"Hallo,", "Sehr geehrte Damen und Herren,", NULL};
static const char *const de_signoffs[] = {"Mit freundlichen Grüßen\nJürgen Weiß",
                                          "Viele Grüße\nSören Müller", NULL};
static const char *const de_subjects[] = {"{T}", "Problem mit {T}", "Frage zu {T}", "AW: {T}",
                                          NULL};

static const char *const es_filler[] = {
    "Soy cliente desde hace años y nunca había tenido este problema.",
    "¿Podrían revisarlo lo antes posible?",
    "Ya borré la caché y reinicié el ordenador.",
    "El problema empezó el lunes al mediodía.",
    "Quedo a la espera de su respuesta.", NULL};
static const char *const es_term_frames[] = {"Tengo un problema con {T}.",
                                             "Otra vez escribo por {T}.", NULL};
static const char *const es_regex_frames[] = {"Mi referencia es {R}.", NULL};
static const char *const es_greetings[] = {"Hola,", "Estimados señores:", NULL};
static const char *const es_signoffs[] = {"Saludos,\nMaría José Núñez", NULL};
static const char *const es_subjects[] = {"{T}", "Problema con {T}", NULL};

static const char *const el_filler[] = {
    "Είμαι πελάτης εδώ και χρόνια και δεν είχα ποτέ τέτοιο πρόβλημα.",
    "Μπορείτε να το ελέγξετε το συντομότερο δυνατό;",
    "Το πρόβλημα ξεκίνησε τη Δευτέρα το μεσημέρι.",
    "ΠΑΡΑΚΑΛΩ ΑΠΑΝΤΗΣΤΕ ΓΡΗΓΟΡΑ.", NULL};
static const char *const el_term_frames[] = {"Έχω πρόβλημα με {T}.", "Σχετικά με {T}.", NULL};
static const char *const el_regex_frames[] = {"Ο κωδικός αναφοράς είναι {R}.", NULL};
static const char *const el_greetings[] = {"Καλημέρα σας,", "Γεια σας,", NULL};
static const char *const el_signoffs[] = {"Με εκτίμηση,\nΓιώργος Παπαδόπουλος", NULL};
static const char *const el_subjects[] = {"{T}", "Πρόβλημα: {T}", NULL};

static const char *const ru_filler[] = {
    "Я ваш клиент уже несколько лет, и такое случилось впервые.",
    "Пожалуйста, посмотрите как можно скорее.",
    "Я уже очистил кэш и перезагрузил компьютер.",
    "Проблема началась в понедельник около полудня.",
    "Жду вашего ответа.", NULL};
static const char *const ru_term_frames[] = {"У меня проблема: {T}.", "Снова пишу про {T}.",
                                             NULL};
static const char *const ru_regex_frames[] = {"Номер обращения {R}.", "Ошибка: {R}", NULL};
static const char *const ru_greetings[] = {"Здравствуйте,", "Добрый день,", NULL};
static const char *const ru_signoffs[] = {"С уважением,\nОльга Иванова", NULL};
static const char *const ru_subjects[] = {"{T}", "Проблема: {T}", "ВАЖНО: {T}", NULL};

static const char *const zh_filler[] = {
    "我已经是你们的老客户了，从来没有遇到过这样的问题。", "请尽快帮我处理一下，谢谢。",
    "我已经清除了缓存并重启了电脑，还是不行。", "这个问题从星期一中午开始出现。",
    "我们公司每天都要用这个系统。", NULL};
static const char *const zh_term_frames[] = {"关于{T}的问题。", "我想咨询{T}。",
                                             "{T}一直没有解决。", NULL};
static const char *const zh_regex_frames[] = {"我的编号是 {R} 。", "错误信息：{R}", NULL};
static const char *const zh_greetings[] = {"您好，", "你好，", NULL};
static const char *const zh_signoffs[] = {"谢谢！\n王伟", "此致\n李娜", NULL};
static const char *const zh_subjects[] = {"{T}", "关于{T}", "紧急：{T}", NULL};

static const char *const ja_filler[] = {
    "いつもお世話になっております。", "至急ご確認いただけますでしょうか。",
    "キャッシュを削除して再起動しましたが、改善しませんでした。",
    "月曜日のお昼ごろから問題が発生しています。", "よろしくお願いいたします。",
    "参照番号は ORD-１２３４５６７ です。", "カード番号 ４９８０ １２３４ ５６７８ ９０１２ で決済しました。",
    NULL};
static const char *const ja_term_frames[] = {"{T}について問い合わせます。",
                                             "{T}の件でご連絡しました。", NULL};
static const char *const ja_regex_frames[] = {"注文番号は {R} です。", "エラー：{R}",
                                              NULL};
static const char *const ja_greetings[] = {"お世話になっております。", NULL};
static const char *const ja_signoffs[] = {"佐藤 花子", "田中 太郎", NULL};
static const char *const ja_subjects[] = {"{T}", "{T}について", "【至急】{T}", NULL};

static const char *const emoji_filler[] = {
    "Honestly 😡😡 this is the worst week ever.", "Please fix it asap 🙏",
    "Thanks in advance 🙂👍", "Still waiting… ⏳", "It broke again 💥🔥", NULL};

const char *const bench_emoji[] = {"😀", "🙏", "👍", "😡", "🔥", "💥", "📦", "💳", "⏳", "✅",
                                   "❌", "🚀", NULL};

const bench_language bench_languages[] = {
    {"en", 0, 0, en_filler, en_term_frames, en_regex_frames, en_greetings, en_signoffs,
     en_subjects},
    {"fr", 1, 0, fr_filler, fr_term_frames, fr_regex_frames, fr_greetings, fr_signoffs,
     fr_subjects},
    {"de", 1, 0, de_filler, de_term_frames, de_regex_frames, de_greetings, de_signoffs,
     de_subjects},
    {"es", 1, 0, es_filler, es_term_frames, es_regex_frames, es_greetings, es_signoffs,
     es_subjects},
    {"el", 1, 0, el_filler, el_term_frames, el_regex_frames, el_greetings, el_signoffs,
     el_subjects},
    {"ru", 1, 0, ru_filler, ru_term_frames, ru_regex_frames, ru_greetings, ru_signoffs,
     ru_subjects},
    {"zh", 1, 1, zh_filler, zh_term_frames, zh_regex_frames, zh_greetings, zh_signoffs,
     zh_subjects},
    {"ja", 1, 1, ja_filler, ja_term_frames, ja_regex_frames, ja_greetings, ja_signoffs,
     ja_subjects},
    {"emoji", 1, 0, emoji_filler, en_term_frames, en_regex_frames, en_greetings, en_signoffs,
     en_subjects},
};
const size_t bench_language_count = sizeof bench_languages / sizeof bench_languages[0];

const char *const bench_log_lines[] = {
    "2026-03-0# 1#:##:##.### ERROR [worker-#] request failed: HTTP 50# from 10.#.#.## "
    "after ###ms",
    "2026-03-0# 1#:##:## WARN  retrying connection to db-#.internal (attempt #/5)",
    "2026-03-0#T0#:##:##Z INFO  user %%%%%%.%%%%%%@%%%%%%.com logged in from 192.168.#.##",
    "    at com.acme.billing.InvoiceService.render(InvoiceService.java:###)",
    "    at com.acme.core.Dispatcher.handle(Dispatcher.java:##)",
    "  File \"/srv/app/sync/worker.py\", line ###, in run",
    "Exception in thread \"main\" java.lang.IllegalStateException: connection pool exhausted",
    "kernel: [#####.######] usb 1-2: device descriptor read/64, error -71",
    "GET /api/v2/orders?page=# 200 ##ms",
    "POST /api/v2/payments 502 ####ms upstream=10.#.#.## trace=&&&&&&&&&&&&&&&&",
    "Mar  # 1#:##:## host-# sshd[####]: Connection closed by 203.0.113.## port #####",
    "client version v#.#.## build ##### (commit &&&&&&&)",
    "-- ## lines omitted --",
    NULL};

size_t bench_list_len(const char *const *list) {
    size_t n = 0;
    while (list && list[n]) n++;
    return n;
}

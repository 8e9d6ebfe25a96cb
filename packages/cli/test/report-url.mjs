// A "browser" for OAUTHKIT_BROWSER in the tests: it tells the test which URL the command opened, by
// POSTing it to $REPORT_URL_TO; the test then plays the person at the browser.
await fetch(process.env.REPORT_URL_TO, { method: 'POST', body: process.argv[2] })

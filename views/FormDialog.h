#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QVBoxLayout;

// The shape every editing dialog of the app shares: a form, a line that says what is
// wrong while you type, and a button that names the verb ("Create Key"). Pressing it
// emits submitRequested() instead of closing: the command runs the service while the
// dialog waits (busy, inputs locked), then either closes it or shows the error — so a
// refused request loses nothing that was typed.
class FormDialog : public QDialog
{
    Q_OBJECT

public:
    FormDialog(const QString& title, const QString& verb, QWidget* parent = nullptr);

    // What is wrong with the input now, in words; empty when it may be submitted.
    virtual QString validationError() const = 0;

    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    // Shows a refusal from the service and unlocks the form.
    void showError(const QString& message);
    QPushButton* submitButton() const { return m_submitButton; }
    QString messageText() const;

signals:
    void submitRequested();

public slots:
    // Re-checks the input; subclasses connect their editors' change signals here.
    void revalidate();

protected:
    QFormLayout* form() const { return m_form; }
    QVBoxLayout* mainLayout() const { return m_layout; }
    // The fields to lock while busy; by default every child widget but the buttons.
    virtual void setInputsEnabled(bool enabled);

private:
    void submit();

    QVBoxLayout* m_layout = nullptr;
    QFormLayout* m_form = nullptr;
    QLabel* m_messageLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_submitButton = nullptr;
    bool m_busy = false;
    bool m_showingServiceError = false;
};
